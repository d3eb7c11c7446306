using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;

namespace OrleansBridge.Video;

/// <summary>Log lines of video contexts (event ids 5500–5549, docs/operations.md).</summary>
public sealed partial class VideoContext
{
    [LoggerMessage(EventId = LogEvents.VideoContextOpened, Level = LogLevel.Information, Message = "Session {SessionId}: video context {Context} opened ({Encoder} {Width}x{Height}, {Mode})")]
    private partial void LogOpened(string sessionId, string context, string encoder, int width, int height, VideoMode mode);

    [LoggerMessage(EventId = LogEvents.VideoContextClosed, Level = LogLevel.Information, Message = "Session {SessionId}: video context {Context} closed ({Sent} frames sent, {Dropped} dropped)")]
    private partial void LogClosed(string sessionId, string context, long sent, long dropped);

    [LoggerMessage(EventId = LogEvents.VideoEncoderFailed, Level = LogLevel.Warning, Message = "Session {SessionId}: video context {Context}: encoder failed, restarting: {Failure}")]
    private partial void LogEncoderFailed(string sessionId, string context, string? failure);

    [LoggerMessage(EventId = LogEvents.VideoSceneFailed, Level = LogLevel.Warning, Message = "Session {SessionId}: video context {Context}: scene unavailable: {Reason}")]
    private partial void LogSceneFailed(string sessionId, string context, string? reason);

    [LoggerMessage(EventId = LogEvents.VideoLoopFailed, Level = LogLevel.Error, Message = "Session {SessionId}: video context {Context} stopped")]
    private partial void LogLoopFailed(Exception exception, string sessionId, string context);

    [LoggerMessage(EventId = LogEvents.VideoBitrateChanged, Level = LogLevel.Debug, Message = "Session {SessionId}: video context {Context}: bitrate {Kbps} kbit/s (client took {MeasuredKbps:0} kbit/s)")]
    private partial void LogBitrateChanged(string sessionId, string context, int kbps, double measuredKbps);
}
