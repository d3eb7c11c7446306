using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Applications;
using OrleansBridge.Hosting;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions;

/// <summary>
/// The session state machine: CONNECTING → CONNECTED ⇄ PENDING → CLOSED (docs/protocol.md §5).
/// The reliable channel lives here, not in the connection, so a client that comes back within the
/// grace window continues exactly where it was. This file holds the lifecycle; requests are in
/// <c>SessionGrain.Requests.cs</c>, logging in <c>SessionGrain.Log.cs</c>.
/// </summary>
[PreferLocalPlacement] // beside the gateway that admitted its client: the channel is shared with the connection by reference
internal sealed partial class SessionGrain : Grain, ISessionGrain, IDisposable
{
    private readonly TimeProvider _time;

    /// <summary>Grain references, usable from any thread: the journal calls this grain back from its own task (Orleans' <c>Grain.GrainFactory</c> is the activation's only).</summary>
    private readonly IGrainFactory _grains;
    private readonly IApplicationCatalog _catalog;
    private readonly RequestHandlerRegistry _handlers;
    private readonly SessionLifecycle _lifecycle;
    private readonly SessionMedia _media;
    private readonly ILogger<SessionGrain> _logger;
    private readonly IPersistentState<SessionRecord> _record;
    private readonly Ownership.SessionOwnership _ownership;
    private readonly ILocalSiloDetails _silo;
    private readonly ISiloEndpoint _endpoint;
    private readonly CancellationTokenSource _closing = new();
    private ApplicationSettings? _settings;
    private SessionChannel? _channel;
    private ISessionLink? _link;
    private SessionState _state = SessionState.Closed;
    private IDisposable? _graceTimer;
    private TokenBucket? _rate;
    private int _resumes;

    /// <summary>The record as last written, kept after it is cleared so the CLOSED transition still names its owner.</summary>
    private SessionRecord? _lastRecord;

    public SessionGrain(
        IApplicationCatalog catalog,
        RequestHandlerRegistry handlers,
        SessionLifecycle lifecycle,
        SessionMedia media,
        [PersistentState("session", GrainStorageSetup.ProviderName)] IPersistentState<SessionRecord> record,
        IGrainFactory grains,
        TimeProvider time,
        ILogger<SessionGrain> logger,
        Ownership.SessionOwnership ownership,
        ILocalSiloDetails silo,
        ISiloEndpoint endpoint)
    {
        _silo = silo;
        _endpoint = endpoint;
        _time = time;
        _grains = grains;
        _media = media;
        _ownership = ownership;
        _catalog = catalog;
        _handlers = handlers;
        _lifecycle = lifecycle;
        _logger = logger;
        _record = record;
    }

    /// <summary>The session id: the grain's key.</summary>
    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans read the record before this (or carried it here with a move).
        if (_record.Stored() is { State: not SessionState.Closed } stale && !Shared)
        {
            // The channel lived in the memory of an activation that is gone (a restart): what the
            // client had not acknowledged cannot be replayed, so the session ends instead of resuming inexactly.
            await CloseStaleAsync(stale, cancellationToken);
        }
    }

    /// <summary>Ends a session whose channel cannot be rebuilt: its admission, scene (head record and pins) and record go.</summary>
    private async Task CloseStaleAsync(SessionRecord stale, CancellationToken cancellationToken)
    {
        LogStaleClosed(Id, stale.State);
        await _grains.GetGrain<IApplicationGrain>(stale.Application).ReleaseAsync(Id);
        await _grains.GetGrain<Scene.ISceneGrain>(Scene.SceneKeys.For(Id, stale.Application)).CloseAsync();
        await _record.ClearStateAsync(cancellationToken);
    }

    public void Dispose() => _closing.Dispose();

    public async Task<AttachResult> StartAsync(SessionStart start, ISessionLink link)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(link);
        if (_state != SessionState.Closed || _record.RecordExists || !_catalog.TryGet(start.Application, out var settings))
        {
            return AttachResult.Refused(ErrorCode.InternalError);
        }

        var resumeToken = Base64Url(RandomNumberGenerator.GetBytes(32));
        // Written once at the start and cleared at the close: what a restart must know is only that the
        // session existed (so it is closed, not resumed inexactly). PENDING and CONNECTED stay in memory:
        // two fsyncs per resume bought nothing (measured: resume p50 2.1 → 1.4 ms without them).
        _record.State = _lastRecord = new SessionRecord(
            start.Application, start.Tenant, SessionState.Connected, HashToken(resumeToken), _time.GetUtcNow(), start.ClientName, start.ClientBuild);
        await _record.WriteStateAsync();

        _settings = settings;
        _channel = new SessionChannel(settings.Limits.MaxOutboundBytes, settings.Limits.MaxOutboundMessages);
        _media.Add(Id, _channel.Media);
        _rate = new TokenBucket(settings.Limits.MaxMessagesPerSecond, _time);
        if (Shared)
        {
            Serve([]);
        }

        _forwardLevel = ParseLevel(start.LogLevel);
        _link = link;
        _state = SessionState.Connecting;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        await TransitionAsync(SessionState.Connected, $"admitted {start.ClientName} {start.ClientBuild} on connection {link.ConnectionId}");
        return new AttachResult(ErrorCode.None, _channel, resumeToken, 0);
    }

    public async Task<AttachResult> ResumeAsync(string tenant, string resumeToken, uint lastReceivedSeq, ISessionLink link)
    {
        ArgumentNullException.ThrowIfNull(resumeToken);
        ArgumentNullException.ThrowIfNull(link);
        var tookOver = false;
        if (Shared && _channel is null && _record.Stored() is { State: not SessionState.Closed } stored)
        {
            // The token is checked before anything is rebuilt: a client that cannot resume must not disturb the session.
            var refusal = Authenticate(stored, tenant, resumeToken);
            if (refusal == ErrorCode.None)
            {
                refusal = await TakeOverAsync();
            }

            if (refusal != ErrorCode.None)
            {
                LogResumeRefused(Id, (int)refusal);
                DeactivateOnIdle();
                return AttachResult.Refused(refusal);
            }

            tookOver = true;
        }

        var error = CheckResume(tenant, resumeToken, lastReceivedSeq);
        if (error != ErrorCode.None)
        {
            LogResumeRefused(Id, (int)error);
            if (tookOver)
            {
                await RelinquishAsync(handedOff: true, "The resume was refused.");
            }

            if (_state == SessionState.Closed)
            {
                DeactivateOnIdle();
            }

            return AttachResult.Refused(error);
        }

        var channel = _channel!;
        var renumbered = channel.Outbox.ResumeFrom(lastReceivedSeq);
        if (_journal is { } journal)
        {
            // Stored now: the Welcome names the position it stores (docs/protocol.md §5.5), so the client
            // replays only what was not delivered, also after answers that went out unstored. And when
            // the client received such answers, which the stored outbox lacks, what this server appended
            // since is renumbered after them: it is sent once this write stores it.
            try
            {
                await journal.WriteNowAsync();
            }
            catch (InconsistentStateException)
            {
                await RelinquishAsync(handedOff: false, "Another activation wrote the session while this one resumed it.");
                return AttachResult.Refused(ErrorCode.SessionMoved);
            }
            catch (Exception ex) when (ex is OrleansException or IOException)
            {
                LogJournalFailed(ex, Id); // the Welcome names what was stored before; the journal stores the rest when storage answers
                journal.Changed();
            }

            if (renumbered)
            {
                LogResumedPastStoredEnd(Id, lastReceivedSeq);
            }
        }

        _graceTimer?.Dispose();
        _graceTimer = null;
        var previous = _link;
        _link = link;
        _resumes++;
        if (previous is not null)
        {
            LogTakenOver(Id, previous.ConnectionId, link.ConnectionId);
            previous.Close(ErrorCode.SessionTakenOver, "Another connection resumed this session.");
            Forward(LogLevel.Warning, $"Session taken over by connection {link.ConnectionId}; the previous connection was closed.");
        }

        LogResumed(Id, link.ConnectionId, lastReceivedSeq, channel.Outbox.LastSequence);
        if (_state == SessionState.Pending)
        {
            await TransitionAsync(SessionState.Connected, $"resumed on connection {link.ConnectionId}");
        }

        return new AttachResult(ErrorCode.None, channel, resumeToken, lastReceivedSeq);
    }

    public async Task DetachAsync(ISessionLink link, ErrorCode reason)
    {
        if (!ReferenceEquals(link, _link) || _state != SessionState.Connected)
        {
            return;
        }

        _link = null;

        // The grace window starts at the drop; the state is announced once the timer runs.
        _graceTimer = this.RegisterGrainTimer(ExpireAsync, _settings!.GraceWindow, Timeout.InfiniteTimeSpan);
        await TransitionAsync(SessionState.Pending, $"connection lost ({(int)reason} {reason}); waiting {_settings.GraceWindow.TotalSeconds:0.#} s for the client");
    }

    /// <summary>Closes the session; with <see cref="ErrorCode.SessionMoved"/> only stops serving it here (another silo owns it).</summary>
    public Task CloseAsync(ErrorCode reason, string message) =>
        reason == ErrorCode.SessionMoved ? RelinquishAsync(handedOff: false, message) : CloseSessionAsync(reason, message);

    public async Task<bool> PushEventAsync(string name, System.Text.Json.JsonElement data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_state == SessionState.Closed || _channel is null)
        {
            return false;
        }

        await SendAsync(Frames.Event(name, data, ProtocolJson.Default.JsonElement));
        return _channel is not null;
    }

    private Task ExpireAsync(CancellationToken cancellationToken) =>
        _state == SessionState.Pending
            ? CloseSessionAsync(ErrorCode.SessionExpired, "The grace window passed before the client came back.")
            : Task.CompletedTask;

    private async Task CloseSessionAsync(ErrorCode code, string reason)
    {
        if (_state == SessionState.Closed)
        {
            return;
        }

        var link = _link;
        _link = null;
        _graceTimer?.Dispose();
        _graceTimer = null;
        await _closing.CancelAsync();
        await StopOwnershipAsync();
        _channel?.Outbox.Release(_channel.Outbox.LastSequence); // the last answer (session.close) goes out with the Close
        _channel = null;
        _media.Remove(Id);

        // Release first, then announce: whoever sees CLOSED may rely on everything being freed.
        var record = _record.Stored();
        if (_record.RecordExists)
        {
            try
            {
                await _record.ClearStateAsync();
            }
            catch (InconsistentStateException)
            {
                // Another silo took the session meanwhile; its record is its own now.
            }
        }

        if (record is not null)
        {
            await _grains.GetGrain<IApplicationGrain>(record.Application).ReleaseAsync(Id);
            foreach (var failure in await _lifecycle.ReleaseAsync(new SessionRelease(Id, record.Application, record.Tenant, SessionLeaving.Closed)))
            {
                LogReleaseFailed(failure, Id);
            }
        }

        await TransitionAsync(SessionState.Closed, $"{(int)code} {code}: {reason}");
        link?.Close(code, reason);
        DeactivateOnIdle();
    }

    private async Task TransitionAsync(SessionState next, string reason)
    {
        var previous = _state;
        _state = next;
        var record = _record.Stored() ?? _lastRecord;
        LogStateChanged(Id, previous, next, reason);
        _lifecycle.Publish(new SessionTransition(
            Id, record?.Application ?? string.Empty, record?.Tenant ?? string.Empty, next, previous, reason, _time.GetUtcNow()));
        if (next != SessionState.Closed)
        {
            Forward(LogLevel.Information, $"Session {previous} -> {next}: {reason}");
            await SendAsync(Frames.Event(EventNames.SessionState, new SessionStateEvent(next, previous, reason), ProtocolJson.Default.SessionStateEvent));
        }
    }

    private static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
