using System.Diagnostics;
using System.Runtime.InteropServices;
using OrleansBridge.Bench.Spine;

namespace OrleansBridge.Bench.Video;

/// <summary>
/// Video figures (docs/video.md): edit-to-photon over loopback at two sizes, a sustained 720p H.264
/// stream while rendering, encoder cost against ffmpeg alone, and bytes per frame by format.
/// </summary>
public sealed class VideoBench : IBench
{
    public string Name => "video";

    public string Description => "Edit-to-photon, sustained 720p H.264, encode cost vs ffmpeg alone, bytes per frame by format";

    public async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        Console.WriteLine($"command: dotnet run -c Release --project bench -- video {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}; runtime .NET {Environment.Version}");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine();
        var load = MachineLoad.Take();
        if (only is null or "encode")
        {
            await EncodeFigures.RunAsync(quick ? 30 : 90);
        }

        if (only is null or "stream")
        {
            await using var server = await InProcessServer.StartAsync(StreamFigures.Token, CancellationToken.None);
            await StreamFigures.EditToPhotonAsync(server.Url, 640, 360, quick ? 10 : 40);
            await StreamFigures.EditToPhotonAsync(server.Url, 1280, 720, quick ? 5 : 20);
            await StreamFigures.SustainedAsync(server.Url, 1280, 720, TimeSpan.FromSeconds(quick ? 4 : 10));
            await StreamFigures.SustainedMovingAsync(server.Url, 1280, 720, TimeSpan.FromSeconds(quick ? 4 : 10));
        }

        Console.WriteLine($"load average at end: {LoadAverage()}; other processes used {MachineLoad.Take().OthersPercentSince(load):0}% of the machine meanwhile");
        return 0;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static (double P50, double P99, double Mean) Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return (At(0.5), At(0.99), sorted.Average());
    }

    internal static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
