using OrleansBridge.Protocol;

namespace OrleansBridge.Gateway.Connections;

/// <summary>How a connection ended, which decides what the session is told.</summary>
internal enum OutcomeKind
{
    /// <summary>The session asked for the close (takeover, session closed): it already knows.</summary>
    ClosedBySession,
    /// <summary>The client sent Close: the session ends.</summary>
    ClosedByClient,
    /// <summary>The client broke the protocol: the session ends with the code.</summary>
    ProtocolError,
    /// <summary>The transport failed (socket error, silence, shutdown): the session goes PENDING.</summary>
    Dropped,
}

/// <summary>A connection's end: its kind and the code that explains it.</summary>
internal readonly record struct ConnectionOutcome(OutcomeKind Kind, ErrorCode Code, string Reason)
{
    public static ConnectionOutcome Protocol(ErrorCode code, string? reason = null) =>
        new(OutcomeKind.ProtocolError, code, reason ?? ErrorCodes.Describe(code));

    public static ConnectionOutcome Dropped(ErrorCode code, string reason) => new(OutcomeKind.Dropped, code, reason);
}

/// <summary>A close that the connection is to carry out: Close frame, then the WebSocket close with the code.</summary>
internal sealed record CloseRequest(ErrorCode Code, string Reason, bool FromSession);
