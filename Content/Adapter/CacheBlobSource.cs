using OrleansBridge.Cache;
using OrleansBridge.Protocol;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>Bulk data read from an application's content cache: its length is asked first, so an entry too large is never read.</summary>
public sealed class CacheBlobSource(IContentCache cache) : IBlobSource
{
    /// <inheritdoc />
    public async ValueTask<BlobReadResult> ReadAsync(ContentHash hash, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var info = await cache.GetInfoAsync(hash, cancellationToken);
        if (!info.Succeeded)
        {
            return Missing(info.Error, hash, info.Detail);
        }

        var length = info.Value!.Length;
        if (length > maxBytes || length > Array.MaxLength)
        {
            return BlobReadResult.Fail(ErrorCode.RenderSceneTooLarge, $"Bulk data {hash} has {length} bytes, more than the {maxBytes} left to this render.");
        }

        var opened = await cache.OpenReadAsync(hash, cancellationToken);
        if (!opened.Succeeded)
        {
            return Missing(opened.Error, hash, opened.Detail);
        }

        await using var stream = opened.Value!;
        var bytes = new byte[length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return BlobReadResult.Ok(bytes);
    }

    private static BlobReadResult Missing(ErrorCode error, ContentHash hash, string? detail) =>
        error == ErrorCode.CacheEntryNotFound
            ? BlobReadResult.Fail(ErrorCode.SceneMissingCacheEntry, $"The cache no longer holds {hash}, which the scene references.")
            : BlobReadResult.Fail(error, detail ?? ErrorCodes.Describe(error));
}
