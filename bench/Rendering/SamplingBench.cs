using System.Globalization;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Lights;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Gltf;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// Error per sample of the path tracer's estimators on the scenes <c>bench cycles</c> builds in Blender:
/// relative MSE at equal samples against a high-sample reference of our own (unbiased: Sobol samples,
/// importance light selection, no clamp or glossy filter), and CPU time per sample, for the old
/// estimator (independent random numbers, lights by power) and each step that replaced it.
/// </summary>
public sealed class SamplingBench : IBench
{
    private const int Seeds = 8;

    public string Name => "sampling";

    public string Description => "relMSE at equal spp and CPU time per sample: independent vs Sobol samples, power vs importance light selection, Cycles' clamp and glossy filter";

    public async Task<int> RunAsync(string[] args)
    {
        var sizes = Value(args, "--scene") is { } one ? [one] : new[] { "250k", "1m" };
        var width = int.Parse(Value(args, "--width") ?? "160", CultureInfo.InvariantCulture);
        var height = int.Parse(Value(args, "--height") ?? "90", CultureInfo.InvariantCulture);
        var spp = int.Parse(Value(args, "--spp") ?? "64", CultureInfo.InvariantCulture);
        var referenceSpp = int.Parse(Value(args, "--reference-spp") ?? "1024", CultureInfo.InvariantCulture);
        var threads = int.Parse(Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        var folder = Value(args, "--keep") ?? Directory.CreateTempSubdirectory("sampling-bench-").FullName;
        Directory.CreateDirectory(folder);
        Console.WriteLine($"command: dotnet run -c Release --project bench -- sampling {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores; load average at start {LoadAverage()}");
        Console.WriteLine($"image {width}x{height}, {spp} spp against a {referenceSpp}-spp reference (Sobol, importance, no clamp/filter), {threads} threads, max 8 bounces");
        Console.WriteLine("relMSE = mean over pixels and channels of (x − ref)² / (ref² + 0.01); CPU µs per sample = process CPU time / samples");
        foreach (var size in sizes)
        {
            var glb = Path.Combine(folder, $"scene-{size}.glb");
            if (!File.Exists(glb))
            {
                await CyclesRun.BuildAsync(size, width, height, glb);
            }

            var (description, camera) = await ImportAsync(await File.ReadAllBytesAsync(glb));
            var importance = RenderScene.Build(description, null, LightSelection.Importance);
            var power = RenderScene.Build(description, null, LightSelection.Power);
            var baseOptions = new RenderOptions { Width = width, Height = height, MaxDegreeOfParallelism = threads, ClampIndirect = 0f, FilterGlossy = 0f, Seed = 1 };
            JitWarmup.Run(() => Render(importance, camera, baseOptions with { SamplesPerPixel = 2, Width = 64, Height = 36 }));
            var (reference, referenceCpu) = Render(importance, camera, baseOptions with { SamplesPerPixel = referenceSpp, Seed = 1000 });
            Console.WriteLine();
            Console.WriteLine($"scene {size}: {importance.InstancedTriangleCount:N0} triangles; reference {referenceSpp} spp in {referenceCpu:F1} CPU-s, mean {reference.Average():F4}");
            Console.WriteLine($"estimator (relMSE: mean over {Seeds} seeds)                relMSE   vs old   CPU-us/sample  mean/ref");
            double? old = null;
            var ours = new List<(string Name, float[] Image)>();
            var filtered = new RenderOptions { ClampIndirect = 10f, FilterGlossy = 1f };
            foreach (var (name, scene, options) in new (string, RenderScene, RenderOptions)[]
            {
                ("old: independent numbers, lights by power", power, baseOptions with { IndependentSamples = true }),
                ("old + clamp indirect 10, filter glossy 1", power, baseOptions with { IndependentSamples = true, ClampIndirect = filtered.ClampIndirect, FilterGlossy = filtered.FilterGlossy }),
                ("Sobol samples, lights by power", power, baseOptions),
                ("Sobol samples, lights by importance", importance, baseOptions),
                ("+ clamp indirect 10, filter glossy 1 (default)", importance, baseOptions with { ClampIndirect = filtered.ClampIndirect, FilterGlossy = filtered.FilterGlossy }),
            })
            {
                double relMse = 0, cpu = 0, mean = 0;
                float[]? first = null;
                for (var seed = 1u; seed <= Seeds; seed++)
                {
                    var (image, seconds) = Render(scene, camera, options with { SamplesPerPixel = spp, Seed = seed });
                    first ??= image;
                    relMse += RelativeMse(image, reference) / Seeds;
                    cpu += seconds;
                    mean += image.Average() / Seeds;
                }

                old ??= relMse;
                ours.Add((name, first!));
                Console.WriteLine($"{name,-47} {relMse,8:F5} {relMse / old.Value,8:F2} {cpu / ((double)width * height * spp * Seeds) * 1e6,14:F2} {mean / reference.Average(),9:F3}");
            }

            if (args.Contains("--cycles"))
            {
                await CompareWithCycles(glb, width, height, spp, referenceSpp, threads, folder, size, reference, ours);
            }
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// Cycles on the same GLB at the same size and threads (EXR, linear): its own relMSE at
    /// <paramref name="spp"/> against its own reference, its CPU time per sample (N-spp run minus a
    /// 1-spp run, per extra sample), and each of our images against Cycles' reference after scaling out
    /// the global brightness difference (the issue's measure; it includes the material models' bias).
    /// </summary>
    private static async Task CompareWithCycles(string glb, int width, int height, int spp, int referenceSpp, int threads, string folder, string size, float[] ourReference, List<(string Name, float[] Image)> ours)
    {
        var one = await CyclesRun.RenderAsync(glb, width, height, 1, threads, Path.Combine(folder, $"cycles-{size}-1.exr"));
        var low = await CyclesRun.RenderAsync(glb, width, height, spp, threads, Path.Combine(folder, $"cycles-{size}-{spp}.exr"), seed: 1);
        var high = await CyclesRun.RenderAsync(glb, width, height, referenceSpp, threads, Path.Combine(folder, $"cycles-{size}-{referenceSpp}.exr"));
        var cyclesLow = Tests.Rendering.ExrReader.Decode(await File.ReadAllBytesAsync(Path.Combine(folder, $"cycles-{size}-{spp}.exr"))).Rgb;
        var cyclesHigh = Tests.Rendering.ExrReader.Decode(await File.ReadAllBytesAsync(Path.Combine(folder, $"cycles-{size}-{referenceSpp}.exr"))).Rgb;
        var perSample = (low.CpuSeconds - one.CpuSeconds) / ((double)width * height * (spp - 1)) * 1e6;
        var highPerSample = (high.CpuSeconds - one.CpuSeconds) / ((double)width * height * (referenceSpp - 1)) * 1e6;
        Console.WriteLine($"Cycles {spp} spp vs Cycles {referenceSpp} spp: relMSE {RelativeMse(cyclesLow, cyclesHigh):F5}; CPU-us/sample {perSample:F2} ({highPerSample:F2} at {referenceSpp} spp); mean of its reference {cyclesHigh.Average():F4} (ours {ourReference.Average():F4}, ratio {ourReference.Average() / cyclesHigh.Average():F3})");
        Console.WriteLine($"against Cycles' {referenceSpp}-spp reference, ours scaled to its mean brightness:");
        var scale = cyclesHigh.Average() / ourReference.Average();
        Console.WriteLine($"  {"our reference (" + referenceSpp + " spp)",-47} relMSE {RelativeMse(Scaled(ourReference, scale), cyclesHigh):F5}  (bias floor: material models)");
        foreach (var (name, image) in ours)
        {
            Console.WriteLine($"  {name,-47} relMSE {RelativeMse(Scaled(image, cyclesHigh.Average() / image.Average()), cyclesHigh):F5}");
        }

        Console.WriteLine($"  {"Cycles " + spp + " spp",-47} relMSE {RelativeMse(cyclesLow, cyclesHigh):F5}");

        static float[] Scaled(float[] image, double factor) => [.. image.Select(v => (float)(v * factor))];
    }

    private static (float[] Pixels, double CpuSeconds) Render(RenderScene scene, CameraData camera, RenderOptions options)
    {
        var renderer = new ProgressiveRenderer(scene, camera, options);
        var cpu = Environment.CpuUsage.TotalTime;
        renderer.RenderToCompletion(Math.Max(1, options.SamplesPerPixel / 8));
        return (renderer.Film.Resolve().Pixels, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }

    internal static double RelativeMse(float[] image, float[] reference)
    {
        var sum = 0.0;
        for (var i = 0; i < image.Length; i++)
        {
            var d = image[i] - (double)reference[i];
            sum += d * d / ((reference[i] * (double)reference[i]) + 0.01);
        }

        return sum / image.Length;
    }

    internal static async Task<(SceneDescription Description, CameraData Camera)> ImportAsync(byte[] file)
    {
        var imported = GltfImporter.Import(file, _ => null, GltfImportOptions.Default);
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException($"import failed: {imported.Error} {imported.Message}");
        }

        var adapted = await new SceneAdapter(new SkiaImageDecoder()).BuildAsync(imported.Elements, new InMemoryBlobSource(imported.Blobs), CancellationToken.None);
        if (!adapted.Succeeded || !adapted.Scene!.TryGetCamera(null, out var camera))
        {
            throw new InvalidOperationException($"adapter failed: {adapted.Error} {adapted.Message}");
        }

        return (adapted.Scene.Description, camera);
    }

    internal static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
