using Orleans;
using OrleansBridge.Protocol;

namespace OrleansBridge.Sessions;

/// <summary>
/// One per session (key: the session id). Owns the session's state machine, its reliable channel
/// (outbox and inbound sequence) and its requests. A gateway connection attaches as an
/// <see cref="ISessionLink"/>; when it drops, the session waits in PENDING for the grace window.
/// </summary>
[Alias("bridge.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Creates the session after admission and attaches its first connection.</summary>
    Task<AttachResult> StartAsync(SessionStart start, ISessionLink link);

    /// <summary>
    /// Attaches a connection that resumes the session; a connection still attached is taken over.
    /// The token that admitted the new connection must belong to the session's tenant.
    /// </summary>
    Task<AttachResult> ResumeAsync(string tenant, string resumeToken, uint lastReceivedSeq, ISessionLink link);

    /// <summary>
    /// Delivers a sequenced frame from the attached connection; duplicates are ignored. The body lies in
    /// the connection's receive buffer, which the connection reuses once this call completes: it is not
    /// copied for a call within the silo (<see cref="ImmutableAttribute"/>), and nothing of the session
    /// keeps it past the call (a request's bulk part is read synchronously, docs/protocol.md §2.2).
    /// <paramref name="receivedAt"/> is when the gateway read it (<see cref="TimeProvider.GetTimestamp"/>;
    /// the connection is in this process), the origin of a video frame's timeline when the frame is a commit.
    /// </summary>
    Task ReceiveAsync(ISessionLink link, FrameHeader header, [Immutable] ReadOnlyMemory<byte> body, long receivedAt = 0);

    /// <summary>The connection dropped unexpectedly: the session goes PENDING.</summary>
    Task DetachAsync(ISessionLink link, ErrorCode reason);

    /// <summary>Ends the session on purpose: CLOSED at once, everything released.</summary>
    Task CloseAsync(ErrorCode reason, string message);

    /// <summary>
    /// Appends an event to the session's outbox (reliable: replayed on resume), for work that runs
    /// outside the session's turn, such as jobs. The session never calls back, so this cannot deadlock.
    /// Returns false when the session is closed.
    /// </summary>
    Task<bool> PushEventAsync(string name, System.Text.Json.JsonElement data);

    /// <summary>
    /// Closes the session with <see cref="ErrorCode.SessionDisplaced"/> if, and only if, it is PENDING now,
    /// so a new session of its tenant can take its place under the tenant's cap. False when it is not
    /// PENDING (a CONNECTED session never gives way).
    /// </summary>
    Task<bool> YieldAsync(string reason);

    /// <summary>The session's current state, for operators and tests.</summary>
    Task<SessionStatus> GetStatusAsync();

    /// <summary>
    /// Stops serving the session on this silo (drain): stores its channel and closes its client with
    /// 4306 so it resumes on another silo at once. Only with shared grain storage.
    /// </summary>
    Task HandOffAsync();

    /// <summary>
    /// The WebSocket endpoint of the silo this session is active on (activating it if it is not), so that
    /// a gateway process forwards its client there; the silo's own gateway then resumes it.
    /// </summary>
    Task<Uri?> EndpointAsync();

    /// <summary>
    /// The sweep of shared grain storage: when no activation serves this stored session (its silo died
    /// and its client never resumed), takes it over here and starts its grace window, so that it closes
    /// unless its client comes back. A session served somewhere is untouched. True when adopted now.
    /// </summary>
    Task<bool> AdoptAsync();

    /// <summary>
    /// Called by a gateway before it resumes the session (<see cref="ResumeAsync"/>), because the
    /// session shares its channel with the connection by reference. <see cref="ErrorCode.None"/>: the
    /// session is active on <paramref name="gateway"/>'s silo. <see cref="ErrorCode.SessionMoved"/>: it
    /// was active elsewhere, has stored its channel and left (its client there closed with 4306); the
    /// next call activates it beside the gateway. A refusal code: the token or tenant does not match,
    /// and nothing moved.
    /// </summary>
    Task<ErrorCode> MoveToAsync(Orleans.Runtime.SiloAddress gateway, string tenant, string resumeToken);
}

/// <summary>Who a new session belongs to.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("bridge.SessionStart")]
public sealed record SessionStart(string Application, string Tenant, string ClientName, string ClientBuild, string? LogLevel);

/// <summary>The result of attaching a connection to a session.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> when attached.</param>
/// <param name="Channel">The session's reliable channel, shared with the attached connection.</param>
/// <param name="ResumeToken">The session's resume secret (returned only to the connection that proved or created it).</param>
/// <param name="ReplayFrom">The client's last received sequence: the connection sends what follows.</param>
public sealed record AttachResult(ErrorCode Error, SessionChannel? Channel, string ResumeToken, uint ReplayFrom) : Hosting.IProcessLocal
{
    /// <summary>A refused attach.</summary>
    public static AttachResult Refused(ErrorCode error) => new(error, null, string.Empty, 0);
}

/// <summary>A session's state as seen from outside.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("bridge.SessionStatus")]
public sealed record SessionStatus(
    string SessionId,
    string Application,
    string Tenant,
    SessionState State,
    DateTimeOffset CreatedAt,
    int Resumes,
    uint LastSentSeq,
    uint LastReceivedSeq,
    long PendingOutboundBytes);
