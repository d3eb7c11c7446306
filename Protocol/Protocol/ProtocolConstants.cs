namespace OrleansBridge.Protocol;

/// <summary>
/// The protocol's behavioural constants in one table (docs/protocol.md §5.2, §7), shared by the
/// server, the .NET SDK and, through a test that reads <c>Gateway/wwwroot/bridge-session.js</c> and
/// <c>bridge-frames.js</c>, the JavaScript client: the acknowledgement timing and the codes after
/// which a resume can never succeed. The error codes themselves are <see cref="ErrorCode"/>.
/// </summary>
public static class ProtocolConstants
{
    /// <summary>Unacknowledged deliveries that trigger a standalone Ack at once (§5.2).</summary>
    public const uint AckEvery = 32;

    /// <summary>Wait before a standalone Ack when nothing outbound carries the acknowledgement (§5.2), in milliseconds.</summary>
    public const int AckDelayMilliseconds = 20;

    /// <summary>Wait before a standalone Ack (§5.2).</summary>
    public static readonly TimeSpan AckDelay = TimeSpan.FromMilliseconds(AckDelayMilliseconds);

    /// <summary>Codes after which resuming can never succeed: a client stops retrying and ends the session.</summary>
    public static IReadOnlySet<ErrorCode> FinalCodes { get; } = new HashSet<ErrorCode>
    {
        ErrorCode.SessionNotFound, ErrorCode.ResumeTokenInvalid, ErrorCode.ResumeSequenceInvalid, ErrorCode.SessionExpired,
        ErrorCode.SessionClosed, ErrorCode.TokenInvalid, ErrorCode.TokenExpired, ErrorCode.TokenSignatureInvalid,
        ErrorCode.TokenMissing, ErrorCode.OriginNotAllowed, ErrorCode.UnsupportedProtocolVersion, ErrorCode.ApplicationNotFound,
    };

    /// <summary>True when a resume refused with <paramref name="code"/> can never succeed.</summary>
    public static bool IsFinal(ErrorCode code) => FinalCodes.Contains(code);
}
