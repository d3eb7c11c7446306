using System.Security.Cryptography;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Rendering;

namespace OrleansBridge.Client;

/// <summary>Rendering stills and downloading cache entries (docs/protocol.md §6.4, docs/jobs.md).</summary>
public sealed partial class BridgeSession
{
    /// <summary>
    /// Runs <c>render.still</c> on the committed head (or <see cref="RenderStillInput.Manifest"/>) and
    /// returns where the image is; fetch it with <see cref="DownloadAsync"/>. Progress events carry the
    /// samples per pixel so far; cancelling stops the render on the server.
    /// </summary>
    public async Task<RenderStillResult> RenderStillAsync(RenderStillInput input, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await RunJobAsync("render.still", JsonSerializer.SerializeToElement(input, RenderJobJson.Default.RenderStillInput), progress, cancellationToken);
        return result.Deserialize(RenderJobJson.Default.RenderStillResult)
            ?? throw new BridgeRequestException(ErrorCode.InternalError, "render.still completed without a result.");
    }

    /// <summary>
    /// Downloads cache entry <paramref name="hash"/> into <paramref name="destination"/> in 1 MiB ranges
    /// (<c>cache.download</c>) and checks that the bytes hash to <paramref name="hash"/>. Returns the length.
    /// </summary>
    public async Task<long> DownloadAsync(ContentHash hash, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0;
        long total;
        do
        {
            var response = await SendAsync(CacheMethods.Download, new CacheDownloadParams(hash.ToString(), offset), CacheDownloadJson.Default.CacheDownloadParams, cancellationToken);
            if (!response.IsSuccess)
            {
                throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
            }

            var range = response.Result.Deserialize(CacheDownloadJson.Default.CacheDownloadResult)
                ?? throw new BridgeRequestException(ErrorCode.InternalError, "cache.download answered without a result.");
            if (range.Offset != offset || range.Data.Length != range.Length || (range.Length == 0 && offset < range.Total))
            {
                throw new BridgeRequestException(ErrorCode.InternalError, $"cache.download answered range {range.Offset}+{range.Length} for offset {offset}.");
            }

            sha.AppendData(range.Data);
            await destination.WriteAsync(range.Data, cancellationToken);
            offset += range.Length;
            total = range.Total;
        }
        while (offset < total);

        var actual = ContentHash.FromDigest(sha.GetHashAndReset());
        return actual == hash
            ? total
            : throw new BridgeRequestException(ErrorCode.CacheHashMismatch, $"The downloaded bytes hash to {actual}, not {hash}.");
    }
}
