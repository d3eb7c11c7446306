using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Silo;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Bench;

/// <summary>
/// A first upload of one large file through a real server on loopback (real Kestrel, WebSocket,
/// session, folder cache with fsync), beside this machine's SHA-256 speed as the ceiling; then the
/// same file again, which should send nothing. Options: <c>--size MB</c> (default 256),
/// <c>--chunk BYTES</c> (the SDK's UploadChunkBytes), <c>--runs N</c> (default 3; each uploads a new file).
/// </summary>
public sealed class UploadBench : IBench
{
    private const string Token = "bench-token-0123456789abcdef";

    public string Name => "upload";

    public string Description => "upload of a 256 MB file over loopback in MB/s vs the SHA-256 ceiling (openssl, .NET); re-upload bytes and time";

    public async Task<int> RunAsync(string[] args)
    {
        var size = Option(args, "--size", 256) << 20;
        var runs = Option(args, "--runs", 3);
        var options = new BridgeClientOptions { ClientName = "bench" };
        options.UploadChunkBytes = Option(args, "--chunk", options.UploadChunkBytes);
        var root = Path.Combine(Path.GetTempPath(), "orleansbridge-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var content = new byte[size];
            Random.Shared.NextBytes(content);
            Console.WriteLine($"machine          {Environment.ProcessorCount} cores, load average {LoadAverage()} (other work on the machine slows every figure)");
            var openssl = await HashCeiling.OpenSslMegabytesPerSecondAsync();
            Console.WriteLine($"sha-256 ceiling  openssl speed -evp sha256 (16 KiB blocks): {(openssl is { } o ? $"{o:F0} MB/s" : "openssl not available")}");
            Console.WriteLine($"sha-256 ceiling  .NET IncrementalHash (1 MiB appends):       {HashCeiling.DotNetMegabytesPerSecond(content):F0} MB/s");

            Console.WriteLine($"cache put alone  path: put of {size >> 20} MiB from memory (hash + write + fsync): {await PutAloneAsync(Path.Combine(root, "alone"), content):F0} MB/s");

            await using var server = BridgeServer.Build(BridgeServer.CreateBuilder(
                ["--port", "0", "--data", Path.Combine(root, "data"), "--token", Token, "--environment", "Production", "--Logging:LogLevel:Default=Warning"]));
            await server.StartAsync();
            var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var url = new Uri("ws" + address["http".Length..] + "/bridge");
            await using var session = await BridgeClient.ConnectAsync(url, Token, options);
            Console.WriteLine($"upload           {size >> 20} MiB files, chunks of {Math.Min(options.UploadChunkBytes, session.Limits!.MaxMessageBytes - 1024)} bytes, maxInFlightBytes {session.Limits.MaxInFlightBytes}");
            for (var run = 1; run <= runs; run++)
            {
                content[0] = (byte)run; // a new entry each run
                var file = Path.Combine(root, $"run{run}.bin");
                await File.WriteAllBytesAsync(file, content);
                await MeasureAsync(session, file, size, $"first  #{run}");
            }

            await MeasureAsync(session, Path.Combine(root, $"run{runs}.bin"), size, "again    ");
            await server.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task MeasureAsync(BridgeSession session, string file, long size, string label)
    {
        var clock = Stopwatch.StartNew();
        var hashed = TimeSpan.Zero;
        var progress = new PhaseClock(p =>
        {
            if (p.Phase == UploadPhase.Querying && hashed == TimeSpan.Zero)
            {
                hashed = clock.Elapsed;
            }
        });
        var result = await session.UploadAsync(file, progress);
        var total = clock.Elapsed;
        var sending = total - hashed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}  {size / total.TotalSeconds / 1e6,7:F1} MB/s overall  {total.TotalSeconds,6:F2} s  (hash {hashed.TotalSeconds:F2} s = {size / hashed.TotalSeconds / 1e6:F0} MB/s; query+send {sending.TotalSeconds:F2} s = {(result.SentBytes > 0 ? size / sending.TotalSeconds / 1e6 : 0):F0} MB/s)  sent {result.SentBytes} bytes  cached {result.AlreadyCached}"));
    }

    /// <summary>The folder cache's put on its own: the server-side ceiling of an upload into a <c>path:</c> cache.</summary>
    private static async Task<double> PutAloneAsync(string folder, byte[] content)
    {
        var cache = new FolderContentCache(folder, new ContentCacheOptions(), TimeProvider.System, NullLogger<FolderContentCache>.Instance);
        var hash = ContentHash.Compute(content);
        var clock = Stopwatch.StartNew();
        var put = await cache.PutAsync(hash, new MemoryStream(content, writable: false), default);
        var seconds = clock.Elapsed.TotalSeconds;
        await cache.DeleteAsync(hash, default);
        return put.Status == CachePutStatus.Stored ? content.Length / seconds / 1e6 : throw new InvalidOperationException($"put failed: {put}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>Runs the callback inline on the uploading thread, so phase times are exact.</summary>
    private sealed class PhaseClock(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
