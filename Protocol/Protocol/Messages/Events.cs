using OrleansBridge.Sessions;

namespace OrleansBridge.Protocol.Messages;

/// <summary>Event names pushed by the server (docs/protocol.md §6).</summary>
public static class EventNames
{
    /// <summary>Body: <see cref="SessionStateEvent"/>.</summary>
    public const string SessionState = "session.state";
    /// <summary>Body: <see cref="LogEvent"/>.</summary>
    public const string Log = "log";
}

/// <summary>A session changed state.</summary>
public sealed record SessionStateEvent(SessionState State, SessionState Previous, string Reason);

/// <summary>A server log line forwarded to the client.</summary>
public sealed record LogEvent(string Level, string Category, string Message, DateTimeOffset Timestamp);

/// <summary>Parameters of the <c>session.logs</c> method.</summary>
public sealed record SetLogLevelParams(string? Level);

/// <summary>Result of the <c>session.info</c> method.</summary>
public sealed record SessionInfoResult(
    string SessionId,
    string Application,
    string Tenant,
    SessionState State,
    DateTimeOffset CreatedAt,
    int Resumes,
    string? LogLevel);
