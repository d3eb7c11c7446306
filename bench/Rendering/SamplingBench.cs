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
            Render(importance, camera, baseOptions with { SamplesPerPixel = 1, Width = 16, Height = 16 }); // JIT warm-up
            var (reference, referenceCpu) = Render(importance, camera, baseOptions with { SamplesPerPixel = referenceSpp, Seed = 1000 });
            Console.WriteLine();
            Console.WriteLine($"scene {size}: {importance.InstancedTriangleCount:N0} triangles; reference {referenceSpp} spp in {referenceCpu:F1} CPU-s, mean {reference.Average():F4}");
            Console.WriteLine("estimator                                        relMSE   vs old   CPU-us/sample  mean/ref");
            double? old = null;
            foreach (var (name, scene, options) in new (string, RenderScene, RenderOptions)[]
            {
                ("old: independent numbers, lights by power", power, baseOptions with { IndependentSamples = true }),
                ("Sobol samples, lights by power", power, baseOptions),
                ("Sobol samples, lights by importance", importance, baseOptions),
                ("+ clamp indirect 10, filter glossy 1 (default)", importance, baseOptions with { ClampIndirect = 10f, FilterGlossy = 1f }),
            })
            {
                var (image, cpu) = Render(scene, camera, options with { SamplesPerPixel = spp });
                var relMse = RelativeMse(image, reference);
                old ??= relMse;
                Console.WriteLine($"{name,-47} {relMse,8:F5} {relMse / old.Value,8:F2} {cpu / ((double)width * height * spp) * 1e6,14:F2} {image.Average() / reference.Average(),9:F3}");
            }
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    private static (float[] Pixels, double CpuSeconds) Render(RenderScene scene, CameraData camera, RenderOptions options)
    {
        var renderer = new ProgressiveRenderer(scene, camera, options);
        var cpu = Environment.CpuUsage.TotalTime;
        renderer.RenderToCompletion(Math.Max(1, options.SamplesPerPixel / 8));
        return (renderer.Film.Resolve().Pixels, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }

    private static double RelativeMse(float[] image, float[] reference)
    {
        var sum = 0.0;
        for (var i = 0; i < image.Length; i++)
        {
            var d = image[i] - (double)reference[i];
            sum += d * d / ((reference[i] * (double)reference[i]) + 0.01);
        }

        return sum / image.Length;
    }

    private static async Task<(SceneDescription Description, CameraData Camera)> ImportAsync(byte[] file)
    {
        var imported = GltfImporter.Import(file, _ => null, GltfImportOptions.Default);
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException($"import failed: {imported.Error} {imported.Message}");
        }

        var ffmpeg = new FfmpegPipe("ffmpeg", TimeSpan.FromSeconds(60));
        var adapted = await new SceneAdapter(new PngDecoder(), new FfmpegImageDecoder(ffmpeg)).BuildAsync(imported.Elements, new InMemoryBlobSource(imported.Blobs), CancellationToken.None);
        if (!adapted.Succeeded || !adapted.Scene!.TryGetCamera(null, out var camera))
        {
            throw new InvalidOperationException($"adapter failed: {adapted.Error} {adapted.Message}");
        }

        return (adapted.Scene.Description, camera);
    }

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
