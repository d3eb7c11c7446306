using System.Globalization;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Images;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// The path tracer side by side with Blender Cycles (CPU) on the same GLB: the render bench's scenes
/// built and exported by Blender (<c>Cycles/cycles_bench.py</c>), rendered here through the
/// <c>render-local</c> path (<see cref="LocalStill"/>) and by Cycles at the same size, samples, bounces
/// and thread count. Prints both render times (path tracing only: import, sync and BVH builds excluded
/// on both sides), their ratio, samples per second, and the difference of the tone-mapped images.
/// </summary>
public sealed class CyclesBench : IBench
{
    public string Name => "cycles";

    public string Description => "path tracer vs Blender Cycles (CPU) on the same GLB: render seconds, ratio, samples/s, image difference; --equal-quality: time to Cycles' relMSE";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--equal-quality"))
        {
            return await CyclesEqualQuality.RunAsync(args);
        }

        var quick = args.Contains("--quick");
        var sizes = Value(args, "--scene") is { } one ? [one] : CyclesRun.Scenes;
        var width = int.Parse(Value(args, "--width") ?? (quick ? "160" : "320"), CultureInfo.InvariantCulture);
        var height = int.Parse(Value(args, "--height") ?? (quick ? "90" : "180"), CultureInfo.InvariantCulture);
        var spp = Math.Max(2, int.Parse(Value(args, "--spp") ?? (quick ? "16" : "64"), CultureInfo.InvariantCulture));
        var threads = int.Parse(Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        var keep = Value(args, "--keep");
        var folder = keep ?? Directory.CreateTempSubdirectory("cycles-bench-").FullName;
        Directory.CreateDirectory(folder);
        Console.WriteLine($"command: dotnet run -c Release --project bench -- cycles {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {Cpu()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}; load average at start {LoadAverage()}");
        Console.WriteLine($"image {width}x{height}, {spp} spp, {threads} threads each, max 8 bounces, no denoiser, Standard view transform; seconds = path tracing only");
        var rows = new List<string>();
        var images = new List<string>();
        foreach (var size in sizes)
        {
            var glb = Path.Combine(folder, $"scene-{size}.glb");
            await CyclesRun.BuildAsync(size, width, height, glb);
            var file = await File.ReadAllBytesAsync(glb);

            // Warm-up: the first renders in a process pay for JIT compilation of the whole render path.
            await JitWarmup.RunAsync(() => LocalStill.RenderAsync(file, _ => null, new LocalStillRequest(64, 36, 2, "png", Threads: threads), CancellationToken.None));
            var ours = await LocalStill.RenderAsync(file, _ => null, new LocalStillRequest(width, height, spp, "png", Threads: threads), CancellationToken.None);
            if (ours.Error != Protocol.ErrorCode.None)
            {
                Console.Error.WriteLine($"render-local failed: {ours.Error} {ours.Message}");
                return 1;
            }

            var oursPng = Path.Combine(folder, $"ours-{size}.png");
            await File.WriteAllBytesAsync(oursPng, ours.Encoded);
            var cyclesPng = Path.Combine(folder, $"cycles-{size}.png");
            var cycles = await CyclesRun.RenderAsync(glb, width, height, spp, threads, cyclesPng);
            // A 1-spp run measures what the N-spp run spends besides N − 1 samples (sync, BVH, first-sample setup) in CPU time.
            var cyclesBase = await CyclesRun.RenderAsync(glb, width, height, 1, threads, Path.Combine(folder, $"cycles-{size}-1spp.png"));
            var difference = ImageDifference.Of(Decode(ours.Encoded), Decode(await File.ReadAllBytesAsync(cyclesPng)));
            var samples = (double)width * height * spp;
            var oursCpu = ours.RenderCpuSeconds / samples * 1e6;
            var cyclesCpu = (cycles.CpuSeconds - cyclesBase.CpuSeconds) / ((double)width * height * (spp - 1)) * 1e6;
            Console.WriteLine();
            Console.WriteLine($"scene {size}: {ours.Triangles:N0} triangles (GLB {file.Length / 1e6:F1} MB); scene setup: ours {ours.SceneSeconds:F2} s (import + adapt + BVH), Cycles sync {cycles.SyncSeconds:F2} s, Blender process {cycles.ProcessSeconds:F1} s");
            Console.WriteLine($"  CPU: ours {ours.RenderCpuSeconds:F2} s in the passes; Cycles {cycles.CpuSeconds:F2} s from sync to end at {spp} spp, {cyclesBase.CpuSeconds:F2} s at 1 spp");
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{size,-6} {ours.RenderSeconds,8:F2} {cycles.RenderSeconds,9:F2} {ours.RenderSeconds / cycles.RenderSeconds,11:F2} {oursCpu,12:F2} {cyclesCpu,14:F2} {oursCpu / cyclesCpu,10:F2} {samples / ours.RenderSeconds / 1e6,10:F3} {samples / cycles.RenderSeconds / 1e6,12:F3}"));
            images.Add(string.Create(CultureInfo.InvariantCulture,
                $"{size,-6} {difference.Rmse,7:F4} {difference.BlockRmse,9:F4} {difference.MeanLuminanceA,10:F4} {difference.MeanLuminanceB,12:F4} {difference.RelativeLuminance * 100,+9:F1}%"));
        }

        Console.WriteLine();
        Console.WriteLine($"{"scene",-6} {"ours s",8} {"Cycles s",9} {"wall ratio",11} {"ours CPU-us",12} {"Cycles CPU-us",14} {"CPU ratio",10} {"ours Ms/s",10} {"Cycles Ms/s",12}");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine("s: wall seconds of path tracing (ours: the passes; Cycles: 'Render time (without synchronization)'); ratio = ours / Cycles;");
        Console.WriteLine("CPU-us: CPU microseconds (all threads) per sample (ours: the passes; Cycles: (CPU at N spp − CPU at 1 spp) / (N − 1) samples);");
        Console.WriteLine("Ms/s: million samples (pixel × spp) per wall second.");
        Console.WriteLine();
        Console.WriteLine($"{"scene",-6} {"RMSE",7} {"RMSE 8x8",9} {"ours lum",10} {"Cycles lum",12} {"lum diff",10}");
        images.ForEach(Console.WriteLine);
        Console.WriteLine("RMSE: tone-mapped 8-bit sRGB in [0, 1], per pixel (noise + bias) and of 8x8 block means (mostly bias);");
        Console.WriteLine("lum: mean linear luminance; lum diff = (ours − Cycles) / Cycles. Images and GLBs: " + folder);
        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    private static DecodedImage Decode(byte[] png)
    {
        var decoded = SkiaImageDecoder.Decode(png, long.MaxValue);
        return decoded.Image ?? throw new InvalidDataException(decoded.Message);
    }

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Cpu() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
        : RuntimeInformation.ProcessArchitecture.ToString();
}
