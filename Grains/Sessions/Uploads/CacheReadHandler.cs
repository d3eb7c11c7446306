using System.Buffers;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// <c>cache.read {"hash", "offset"?, "length"?}</c> → <c>{"hash", "offset", "length", "total", "data"}</c>
/// (docs/protocol.md §6.4): a slice of an entry of the application's cache, base64 in the JSON result,
/// so that a client without any other channel to the cache (a browser) can fetch what a job stored there
/// (a rendered still). Slices are bounded by <see cref="MaxReadBytes"/>; a client reads a larger entry in
/// several requests. Reading needs no more than the key: content-addressed keys are only known to
/// those who hold the content or were handed its key by the server.
/// </summary>
internal sealed class CacheReadHandler(SessionCacheRegistry registry) : IRequestHandler
{
    /// <summary>The method's name.</summary>
    public const string Name = "cache.read";

    /// <summary>Most bytes one answer carries: 1 MiB (1.4 MB of base64), well inside any client's message limit.</summary>
    public const int MaxReadBytes = 1 << 20;

    public string Method => Name;

    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (parameters.ValueKind != JsonValueKind.Object
            || !TryInt64(parameters, "offset", 0, out var offset) || offset < 0
            || !TryInt64(parameters, "length", MaxReadBytes, out var length) || length is < 1 or > MaxReadBytes)
        {
            return ValueTask.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument,
                $"params must be {{\"hash\": \"<64 lowercase hex characters>\", \"offset\"?: ≥ 0, \"length\"?: 1–{MaxReadBytes}}}."));
        }

        var text = parameters.TryGetProperty("hash", out var hashValue) && hashValue.ValueKind == JsonValueKind.String ? hashValue.GetString() : null;
        if (!CacheRequestParams.TryKey(text, "hash", out var hash, out var refusal))
        {
            return ValueTask.FromResult(refusal);
        }

        return ReadAsync(registry.For(context).Cache, hash, offset, (int)length, cancellationToken);
    }

    private static async ValueTask<RequestResult> ReadAsync(CacheHandle cache, ContentHash hash, long offset, int length, CancellationToken cancellationToken)
    {
        var info = await cache.Cache.GetInfoAsync(hash, cancellationToken);
        if (!info.Succeeded)
        {
            return RequestResult.Fail(info.Error, info.Detail ?? ErrorCodes.Describe(info.Error));
        }

        var total = info.Value.Length;
        var count = (int)Math.Min(length, Math.Max(0, total - offset));
        if (offset > total)
        {
            return RequestResult.Fail(ErrorCode.InvalidArgument, $"offset {offset} is past the end of the entry ({total} bytes).");
        }

        var opened = await cache.Cache.OpenReadAsync(hash, cancellationToken);
        if (!opened.Succeeded)
        {
            return RequestResult.Fail(opened.Error, opened.Detail ?? ErrorCodes.Describe(opened.Error));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, count));
        try
        {
            await using (var stream = opened.Value)
            {
                await SkipAsync(stream, offset, buffer, cancellationToken);
                await stream.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken);
            }

            cache.MarkUsed([hash]);
            var result = new CacheReadResult(hash.ToString(), offset, count, total, Convert.ToBase64String(buffer, 0, count));
            return RequestResult.Ok(result, CacheReadJson.Default.CacheReadResult);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Moves to <paramref name="offset"/>: a seek where the backend allows it, else reading and discarding.</summary>
    private static async Task SkipAsync(Stream stream, long offset, byte[] scratch, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            stream.Position = offset;
            return;
        }

        for (var left = offset; left > 0;)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(left, scratch.Length)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("The cache entry ended before the requested offset.");
            }

            left -= read;
        }
    }

    private static bool TryInt64(JsonElement parameters, string name, long fallback, out long value)
    {
        value = fallback;
        return !parameters.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null || property.TryGetInt64(out value);
    }
}
