using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// <c>cache.download {"hash", "offset"?, "length"?}</c> → <c>{"hash", "offset", "length", "total", "data"}</c>:
/// up to 1 MiB of an entry, base64. The key is parsed before storage is touched; the entry is pinned
/// for the session before it is read (as <c>cache.query</c> does), so a client fetching an entry in
/// several ranges reads one unchanging entry that no collection removes under it.
/// </summary>
internal sealed class CacheDownloadHandler(SessionCacheRegistry registry) : IRequestHandler
{
    public string Method => CacheMethods.Download;

    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!CacheRequestParams.TryRead(parameters, CacheDownloadJson.Default.CacheDownloadParams, out var download)
            || download.Offset < 0 || download.Length is < 0)
        {
            return ValueTask.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument,
                "params must be {\"hash\": \"<64 lowercase hex characters>\", \"offset\"?: bytes ≥ 0, \"length\"?: bytes ≥ 0}."));
        }

        return !CacheRequestParams.TryKey(download.Hash, "hash", out var hash, out var refusal)
            ? ValueTask.FromResult(refusal)
            : DownloadAsync(registry.For(context), hash, download, cancellationToken);
    }

    private static async ValueTask<RequestResult> DownloadAsync(SessionCacheState state, Cache.ContentHash hash, CacheDownloadParams download, CancellationToken cancellationToken)
    {
        await state.Ledger.PinAsync(state.Owner, [hash]);
        var info = await state.Cache.Cache.GetInfoAsync(hash, cancellationToken);
        if (!info.Succeeded)
        {
            return RequestResult.Fail(info.Error, info.Detail ?? ErrorCodes.Describe(info.Error));
        }

        var opened = await state.Cache.OpenReadAsync(hash, cancellationToken);
        if (!opened.Succeeded)
        {
            return RequestResult.Fail(opened.Error, opened.Detail ?? ErrorCodes.Describe(opened.Error));
        }

        await using var stream = opened.Value!;
        var total = info.Value!.Length;
        var offset = Math.Min(download.Offset, total);
        var length = (int)Math.Min(Math.Min(download.Length ?? CacheDownloadParams.MaxChunkBytes, CacheDownloadParams.MaxChunkBytes), total - offset);
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
        }
        else
        {
            await SkipAsync(stream, offset, cancellationToken);
        }

        var data = new byte[length];
        await stream.ReadExactlyAsync(data, cancellationToken);
        return RequestResult.Ok(new CacheDownloadResult(hash.ToString(), offset, length, total, data), CacheDownloadJson.Default.CacheDownloadResult);
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, 81920)];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("The cache entry ended before the requested offset.");
            }

            count -= read;
        }
    }
}
