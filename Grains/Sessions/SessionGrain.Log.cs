using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Sessions;

/// <summary>Server log lines of the session, and the lines forwarded to its client.</summary>
internal sealed partial class SessionGrain
{
    private LogLevel? _forwardLevel;

    /// <summary>The level actually forwarded: the client's choice, never below the application's cap.</summary>
    private LogLevel? EffectiveForwardLevel()
    {
        if (_forwardLevel is not { } requested)
        {
            return null;
        }

        var cap = ParseLevel(_settings?.Limits.MaxForwardedLogLevel) ?? LogLevel.Information;
        return requested < cap ? cap : requested;
    }

    /// <summary>Sends a log line to the client if it asked for this level; never blocks on a full outbox.</summary>
    private void Forward(LogLevel level, string message)
    {
        if (EffectiveForwardLevel() is { } min && level >= min && _channel is { } channel)
        {
            var frame = Frames.Event(EventNames.Log, new LogEvent(level.ToString(), "session", message, _time.GetUtcNow()), ProtocolJson.Default.LogEvent);
            channel.Outbox.TryAppend(frame, out _); // Forwarded logs are best effort: a full outbox is closed by the next real message.
        }
    }

    private static LogLevel? ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "information" or "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => null,
    };

    [LoggerMessage(EventId = LogEvents.SessionStateChanged, Level = LogLevel.Information, Message = "Session {SessionId}: {Previous} -> {State} ({Reason})")]
    private partial void LogStateChanged(string sessionId, SessionState previous, SessionState state, string reason);

    [LoggerMessage(EventId = LogEvents.SessionResumed, Level = LogLevel.Debug, Message = "Session {SessionId} resumed on {ConnectionId}: client had {ClientLast}, server sent {ServerLast}")]
    private partial void LogResumed(string sessionId, string connectionId, uint clientLast, uint serverLast);

    [LoggerMessage(EventId = LogEvents.SessionTakenOver, Level = LogLevel.Information, Message = "Session {SessionId} taken over: {OldConnection} closed for {NewConnection}")]
    private partial void LogTakenOver(string sessionId, string oldConnection, string newConnection);

    [LoggerMessage(EventId = LogEvents.SessionResumeRefused, Level = LogLevel.Information, Message = "Session {SessionId}: resume refused with {Code}")]
    private partial void LogResumeRefused(string sessionId, int code);

    [LoggerMessage(EventId = LogEvents.SessionStaleClosed, Level = LogLevel.Warning, Message = "Session {SessionId} was {State} in an activation that is gone; closing it")]
    private partial void LogStaleClosed(string sessionId, SessionState state);

    [LoggerMessage(EventId = LogEvents.SessionReleaseFailed, Level = LogLevel.Error, Message = "Session {SessionId}: releasing what it held failed while closing")]
    private partial void LogReleaseFailed(Exception exception, string sessionId);

    [LoggerMessage(EventId = LogEvents.RequestFailed, Level = LogLevel.Error, Message = "Session {SessionId}: request {Method} failed")]
    private partial void LogRequestFailed(Exception exception, string sessionId, string method);
}
