using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Logging;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>Log lines of uploads.</summary>
internal sealed partial class SessionCacheRegistry
{
    [LoggerMessage(EventId = LogEvents.UploadStarted, Level = LogLevel.Debug, Message = "Upload of {Hash} ({Length} bytes) by {Owner} started")]
    private partial void LogStarted(string owner, ContentHash hash, long length);

    [LoggerMessage(EventId = LogEvents.UploadCompleted, Level = LogLevel.Debug, Message = "Upload of {Hash} ({Length} bytes) by {Owner} completed; stored by this upload: {Stored}")]
    private partial void LogCompleted(string owner, ContentHash hash, long length, bool stored);

    [LoggerMessage(EventId = LogEvents.UploadFailed, Level = LogLevel.Warning, Message = "Upload of {Hash} by {Owner} refused with {Code}: {Detail}")]
    private partial void LogFailed(string owner, ContentHash hash, int code, string detail);

    [LoggerMessage(EventId = LogEvents.UploadCancelled, Level = LogLevel.Debug, Message = "Upload of {Hash} by {Owner} cancelled after {Received} bytes")]
    private partial void LogCancelled(string owner, ContentHash hash, long received);
}
