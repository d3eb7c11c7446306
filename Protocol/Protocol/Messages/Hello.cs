namespace OrleansBridge.Protocol.Messages;

/// <summary>The client's first frame (docs/protocol.md §4.1).</summary>
/// <param name="ProtocolVersion">The highest protocol version the client speaks.</param>
/// <param name="Client">Who is connecting, for logs.</param>
/// <param name="Token">The security token; may be omitted when it was sent on the upgrade request.</param>
/// <param name="Resume">Present to resume an existing session instead of opening a new one.</param>
/// <param name="LogLevel">The lowest level of server log lines to forward, or null for none.</param>
public sealed record Hello(
    int ProtocolVersion,
    ClientInfo Client,
    string? Token = null,
    ResumeInfo? Resume = null,
    string? LogLevel = null);

/// <summary>The client's name and build, for logs and diagnostics.</summary>
public sealed record ClientInfo(string Name, string Build);

/// <summary>What a client needs to resume a session after a drop.</summary>
/// <param name="SessionId">The session's id from Welcome.</param>
/// <param name="ResumeToken">The secret from Welcome that proves the client owns the session.</param>
/// <param name="LastReceivedSeq">The highest server sequence number the client received in order.</param>
public sealed record ResumeInfo(string SessionId, string ResumeToken, uint LastReceivedSeq);
