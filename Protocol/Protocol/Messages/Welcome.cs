namespace OrleansBridge.Protocol.Messages;

/// <summary>The server's answer to an accepted Hello (docs/protocol.md §4.2).</summary>
/// <param name="ProtocolVersion">The version chosen for this connection.</param>
/// <param name="SessionId">The session's id.</param>
/// <param name="ResumeToken">The secret to present when resuming; it stays the same for the session's life.</param>
/// <param name="Resumed">True when an existing session was resumed.</param>
/// <param name="LastReceivedSeq">The highest client sequence number the server received in order; the client replays what follows.</param>
/// <param name="Tenant">The tenant the token belongs to.</param>
/// <param name="Limits">The limits the server enforces on this session.</param>
/// <param name="Capabilities">Feature names the client may use.</param>
/// <param name="SupportedVersions">Every protocol version the server accepts.</param>
public sealed record Welcome(
    int ProtocolVersion,
    string SessionId,
    string ResumeToken,
    bool Resumed,
    uint LastReceivedSeq,
    string Tenant,
    SessionLimits Limits,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<int> SupportedVersions);

/// <summary>Limits announced in Welcome; the server enforces each one itself.</summary>
public sealed record SessionLimits(
    int MaxMessageBytes,
    long MaxInFlightBytes,
    int MaxMessagesPerSecond,
    long MaxOutboundBytes,
    int PingIntervalMs,
    int PingTimeoutMs,
    int GraceWindowMs);
