using System.Runtime.InteropServices;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Gltf;

namespace OrleansBridge.Jobs;

/// <summary>Reading the inputs from the cache and storing the import's bulk data into it.</summary>
internal sealed partial class GltfImportJob
{
    private static async Task<(ReadOnlyMemory<byte> Source, Dictionary<string, byte[]> Resources, long Bytes, JobResult? Error)> ReadInputsAsync(
        IContentCache cache, ContentHash source, Dictionary<string, ContentHash> resources, CancellationToken cancel)
    {
        var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        async Task<(byte[]? Bytes, JobResult? Error)> ReadAsync(ContentHash hash, string what)
        {
            var info = await cache.GetInfoAsync(hash, cancel);
            if (!info.Succeeded)
            {
                return (null, info.Error == ErrorCode.CacheEntryNotFound
                    ? JobResult.Fail(ErrorCode.GltfResourceMissing, $"{what} ({hash}) is not in the application's cache; upload it first.")
                    : JobResult.Fail(info.Error, $"Reading {what} from the cache failed: {info.Detail}"));
            }

            total += info.Value!.Length;
            if (total > MaxInputBytes)
            {
                return (null, JobResult.Fail(ErrorCode.GltfTooLarge, $"The file and its resources exceed {MaxInputBytes} bytes, the import's limit."));
            }

            var opened = await cache.OpenReadAsync(hash, cancel);
            if (!opened.Succeeded)
            {
                return (null, JobResult.Fail(ErrorCode.GltfResourceMissing, $"{what} ({hash}) could not be read from the cache: {opened.Detail}"));
            }

            await using var stream = opened.Value!;
            var bytes = new byte[info.Value.Length];
            await stream.ReadExactlyAsync(bytes, cancel);
            return (bytes, null);
        }

        var (file, error) = await ReadAsync(source, "The source file");
        if (error is not null)
        {
            return (default, read, 0, error);
        }

        foreach (var (uri, hash) in resources)
        {
            var (bytes, resourceError) = await ReadAsync(hash, $"Resource '{uri}'");
            if (resourceError is not null)
            {
                return (default, read, 0, resourceError);
            }

            read[uri] = bytes!;
        }

        return (file!, read, total, null);
    }

    /// <summary>Stores the blobs the cache lacks (asked first, so shared data is never written twice).</summary>
    private static async Task<(int Count, JobResult? Error)> StoreBlobsAsync(IContentCache cache, GltfImportResult imported, JobContext context, CancellationToken cancel)
    {
        var missing = await cache.FindMissingAsync([.. imported.Blobs.Keys], cancel);
        if (!missing.Succeeded)
        {
            return (0, JobResult.Fail(missing.Error, $"Asking the cache which data it lacks failed: {missing.Detail}"));
        }

        var done = 0;
        foreach (var hash in missing.Value!)
        {
            var bytes = imported.Blobs[hash];
            var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
            var put = await cache.PutAsync(hash, stream, cancel);
            if (!put.Succeeded)
            {
                return (done, JobResult.Fail(put.Error, $"Storing bulk data {hash} failed: {put.Detail}"));
            }

            done++;
            await context.Progress.ReportAsync(0.4 + (0.4 * done / missing.Value.Count), $"stored {done} of {missing.Value.Count} bulk entries");
        }

        return (done, null);
    }
}
