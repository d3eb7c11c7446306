using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;

namespace OrleansBridge.Gateway.Connections;

internal sealed partial class ClientConnection
{
    [LoggerMessage(EventId = LogEvents.HandshakeRejected, Level = LogLevel.Information, Message = "Connection {ConnectionId}: handshake rejected with {Code}: {Reason}")]
    private partial void LogRejected(string connectionId, int code, string reason);

    [LoggerMessage(EventId = LogEvents.ConnectionWelcomed, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: welcomed into session {SessionId} (resumed {Resumed}, replaying after {ReplayFrom})")]
    private partial void LogWelcomed(string connectionId, string sessionId, bool resumed, uint replayFrom);

    [LoggerMessage(EventId = LogEvents.ConnectionProtocolError, Level = LogLevel.Warning, Message = "Connection {ConnectionId} (session {SessionId}): protocol error {Code}: {Reason}")]
    private partial void LogProtocolError(string connectionId, string? sessionId, int code, string reason);

    [LoggerMessage(EventId = LogEvents.ConnectionDropped, Level = LogLevel.Information, Message = "Connection {ConnectionId} (session {SessionId}) dropped ({Code}): {Reason}")]
    private partial void LogDropped(string connectionId, string? sessionId, int code, string reason);

    [LoggerMessage(EventId = LogEvents.ConnectionFailed, Level = LogLevel.Error, Message = "Connection {ConnectionId} (session {SessionId}) failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string connectionId, string? sessionId);

    [LoggerMessage(EventId = LogEvents.ConnectionClosed, Level = LogLevel.Debug, Message = "Connection {ConnectionId} (session {SessionId}) closed: {Reason}")]
    private partial void LogClosed(string connectionId, string? sessionId, string reason);

    [LoggerMessage(EventId = LogEvents.ResumeDeferred, Level = LogLevel.Information, Message = "Connection {ConnectionId}: session {SessionId} could not be reached; the client is told 4306 and resumes again")]
    private partial void LogResumeDeferred(string connectionId, string sessionId, Exception failure);
}
