using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Logging;

namespace OrleansBridge.Storage.Cache;

/// <summary>Log lines every cache backend writes the same way.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(EventId = LogEvents.CacheEntryStored, Level = LogLevel.Debug, Message = "Cache entry {Hash} stored ({Length} bytes)")]
    public static partial void Stored(ILogger logger, ContentHash hash, long length);

    [LoggerMessage(EventId = LogEvents.CacheHashMismatch, Level = LogLevel.Warning, Message = "Cache put refused: content sent as {Hash} hashes to {Actual} ({Length} bytes)")]
    public static partial void Mismatch(ILogger logger, ContentHash hash, ContentHash actual, long length);

    [LoggerMessage(EventId = LogEvents.CacheEntryTooLarge, Level = LogLevel.Warning, Message = "Cache put of {Hash} refused: larger than {MaxBytes} bytes")]
    public static partial void TooLarge(ILogger logger, ContentHash hash, long maxBytes);

    [LoggerMessage(EventId = LogEvents.CacheTemporaryFilesRemoved, Level = LogLevel.Information, Message = "Cache {Root}: removed {Count} temporary file(s) left by writers that stopped")]
    public static partial void TemporaryFilesRemoved(ILogger logger, string root, int count);
}
