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

    /// <summary>
    /// Codes that end a session because its client broke the protocol or a limit (docs/protocol.md §5.3),
    /// logged as event 3002 whether the gateway or the session found the fault; not the keep-alive,
    /// shutdown and handshake codes of the same range, which are not the client's doing or not a session's end.
    /// </summary>
    public static bool IsProtocolViolation(ErrorCode code) => code is
        ErrorCode.MalformedFrame or ErrorCode.UnknownMessageType or ErrorCode.MalformedBody or ErrorCode.MessageTooLarge
        or ErrorCode.UnexpectedMessage or ErrorCode.SequenceGap or ErrorCode.RateLimited or ErrorCode.TooManyInFlight
        or ErrorCode.OutboundBufferFull or ErrorCode.TextMessageNotAllowed;
}

/// <summary>A close that the connection is to carry out: Close frame, then the WebSocket close with the code.</summary>
internal sealed record CloseRequest(ErrorCode Code, string Reason, bool FromSession);
