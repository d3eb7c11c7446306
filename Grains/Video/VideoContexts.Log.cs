using Microsoft.Extensions.Logging;

namespace OrleansBridge.Video;

/// <summary>Log lines of the session side of video contexts (event ids 5507–5510, docs/operations.md).</summary>
public sealed partial class VideoContexts
{
    [LoggerMessage(EventId = Logging.LogEvents.VideoContextReopened, Level = LogLevel.Warning,
        Message = "Session {SessionId}: video context {Context} opened again (its render silo was lost); it renders on {Silo}")]
    private partial void LogReopened(string sessionId, string context, string silo);

    [LoggerMessage(EventId = Logging.LogEvents.VideoContextsAttached, Level = LogLevel.Information,
        Message = "Session {SessionId}: {Count} running video contexts now send here")]
    private partial void LogAttached(string sessionId, int count);

    [LoggerMessage(EventId = Logging.LogEvents.VideoGrainUnreachable, Level = LogLevel.Warning,
        Message = "Session {SessionId}: the video grain did not answer ({Call}); retrying")]
    private partial void LogUnreachable(Exception exception, string sessionId, string call);
}
