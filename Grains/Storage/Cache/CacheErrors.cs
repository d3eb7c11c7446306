using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>The refusals every backend words the same way.</summary>
internal static class CacheErrors
{
    public static CachePutResult TooLarge(long maxBytes) =>
        CachePutResult.Fail(ErrorCode.CacheEntryTooLarge, $"The entry is larger than the cache's limit of {maxBytes} bytes; nothing was stored.");

    public static CachePutResult Mismatch(ContentHash expected, ContentHash actual, long length) =>
        CachePutResult.Fail(ErrorCode.CacheHashMismatch, $"The {length} bytes sent as {expected} hash to {actual}; nothing was stored.");
}
