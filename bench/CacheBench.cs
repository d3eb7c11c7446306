using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;
using OrleansBridge.Tests;

namespace OrleansBridge.Bench;

/// <summary>
/// Put and get throughput of the content cache: the <c>azure:</c> backend against a local Azurite it
/// starts itself, and the <c>path:</c> backend on the temp folder for comparison. One writer, one
/// reader, sequential operations, distinct random entries.
/// </summary>
public sealed class CacheBench : IBench
{
    public string Name => "cache";

    public string Description => "content cache put/get MB/s and ops/s: Azurite vs folder, 4 KiB and 8 MiB entries";

    public async Task<int> RunAsync(string[] args)
    {
        var scale = args.Contains("--quick") ? 0.2 : 1.0;
        var shapes = new[] { (Bytes: 4 << 10, Count: (int)(1000 * scale)), (Bytes: 8 << 20, Count: Math.Max(2, (int)(24 * scale))) };
        var options = new ContentCacheOptions { MaxEntryBytes = 64 << 20 };

        await using var azurite = await AzuriteProcess.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "orleansbridge-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var azure = new AzureContentCache(azurite.BlobLocation("bench"), options, NullLogger<AzureContentCache>.Instance);
            var local = new FolderContentCache(folder, options, TimeProvider.System, NullLogger<FolderContentCache>.Instance);
            Console.WriteLine($"{"backend",-8} {"entry",7} {"count",6} {"put MB/s",9} {"put ops/s",10} {"get MB/s",9} {"get ops/s",10}");
            foreach (var (bytes, count) in shapes)
            {
                foreach (var (name, cache) in new (string, IContentCache)[] { ("azurite", azure), ("folder", local) })
                {
                    var (put, get) = await MeasureAsync(cache, bytes, count);
                    var mb = bytes * (double)count / (1 << 20);
                    Console.WriteLine($"{name,-8} {Size(bytes),7} {count,6} {mb / put.TotalSeconds,9:F1} {count / put.TotalSeconds,10:F0} {mb / get.TotalSeconds,9:F1} {count / get.TotalSeconds,10:F0}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task<(TimeSpan Put, TimeSpan Get)> MeasureAsync(IContentCache cache, int bytes, int count)
    {
        var entries = Enumerable.Range(0, count).Select(_ =>
        {
            var data = new byte[bytes];
            Random.Shared.NextBytes(data);
            return (Hash: ContentHash.Compute(data), Data: data);
        }).ToList();

        var clock = Stopwatch.StartNew();
        foreach (var (hash, data) in entries)
        {
            var put = await cache.PutAsync(hash, new MemoryStream(data, writable: false), default);
            if (put.Status != CachePutStatus.Stored)
            {
                throw new InvalidOperationException($"put failed: {put}");
            }
        }

        var putTime = clock.Elapsed;
        var buffer = new byte[1 << 20];
        clock.Restart();
        foreach (var (hash, _) in entries)
        {
            var opened = await cache.OpenReadAsync(hash, default);
            await using var stream = opened.Value ?? throw new InvalidOperationException($"get failed: {opened.Detail}");
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }

        return (putTime, clock.Elapsed);
    }

    private static string Size(int bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes >> 10} KiB";
}
