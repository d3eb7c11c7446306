using System.Diagnostics;
using System.Globalization;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Gpu;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Tests.Rendering;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// The GPU backend against the CPU path tracer: per device present (ILGPU's CPU accelerator always,
/// OpenCL and CUDA where ILGPU finds them), the error of its image against a high-sample CPU reference
/// (relMSE beside the CPU path tracer's own at the same spp, the image mean's ratio, z-scores of 8 × 8
/// tile means) and its throughput in samples per second, kernel compilation excluded.
/// </summary>
public sealed class GpuBench : IBench
{
    private const int Tile = 8;

    public string Name => "gpu";

    public string Description => "GPU backend vs CPU path tracer: error against a CPU reference and samples/s per ILGPU device (CPU accelerator, OpenCL, CUDA)";

    public Task<int> RunAsync(string[] args)
    {
        var scenes = SamplingBench.Value(args, "--scene") is { } one ? [one] : new[] { "mixed", "250k" };
        var width = int.Parse(SamplingBench.Value(args, "--width") ?? "32", CultureInfo.InvariantCulture);
        var height = int.Parse(SamplingBench.Value(args, "--height") ?? "24", CultureInfo.InvariantCulture);
        var spp = int.Parse(SamplingBench.Value(args, "--spp") ?? "64", CultureInfo.InvariantCulture);
        var referenceSpp = int.Parse(SamplingBench.Value(args, "--reference-spp") ?? "2048", CultureInfo.InvariantCulture);
        var threads = int.Parse(SamplingBench.Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        Console.WriteLine($"command: dotnet run -c Release --project bench -- gpu {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores; load average at start {SamplingBench.LoadAverage()}");
        Console.WriteLine($"image {width}x{height}, {spp} spp per device, max 8 bounces, no clamp or glossy filter; reference: CPU path tracer, {referenceSpp} spp, another seed");
        Console.WriteLine("relMSE = mean over pixels and channels of (x − ref)² / (ref² + 0.01); tile z = (tile mean − reference tile mean) / its standard error from the device's per-pixel variance");

        var devices = new List<GpuRenderBackend>();
        foreach (var kind in new[] { RenderDevice.IlgpuCpu, RenderDevice.OpenCl, RenderDevice.Cuda })
        {
            if (GpuRenderBackend.TryCreate(kind) is { } backend)
            {
                devices.Add(backend);
            }
            else
            {
                Console.WriteLine($"{GpuRenderBackend.Name(kind)}: no device ILGPU can use on this machine");
            }
        }

        foreach (var name in scenes)
        {
            var description = name == "mixed" ? TestScenes.Mixed() : BenchScenes.Create(name);
            var scene = RenderScene.Build(description);
            var options = new RenderOptions { Width = width, Height = height, SamplesPerPixel = spp, ClampIndirect = 0f, FilterGlossy = 0f, MaxDegreeOfParallelism = threads };
            var reference = RenderCpu(scene, description.Camera, options with { SamplesPerPixel = referenceSpp, Seed = 1000 }).Image;
            Console.WriteLine();
            Console.WriteLine($"scene {name}: {scene.InstancedTriangleCount:N0} triangles; reference mean {reference.Average():F5}");
            Console.WriteLine($"{"device",-34} {"spp",4} {"relMSE",9} {"mean/ref",9} {"tile |z| mean",14} {"max",6} {"samples/s",12} {"seconds",8}");
            RenderCpu(scene, description.Camera, options with { SamplesPerPixel = 1 }); // JIT warm-up
            var (cpuImage, cpuSeconds) = RenderCpu(scene, description.Camera, options);
            Print($"cpu path tracer ({threads} threads)", spp, cpuImage, reference, null, width, height, cpuSeconds);

            // Lights picked by power (one alias table) instead of the light tree: what the tree saves, on either device.
            var byPower = RenderScene.Build(description, null, OrleansBridge.Rendering.Lights.LightSelection.Power);
            var (powerImage, powerSeconds) = RenderCpu(byPower, description.Camera, options);
            Print("cpu, lights picked by power", spp, powerImage, reference, null, width, height, powerSeconds);
            foreach (var device in devices)
            {
                using (var warm = (GpuPassRenderer)device.Create(scene, options with { SamplesPerPixel = 1 }))
                {
                    warm.Render(new AccumulationBuffer(width, height), new PerspectiveCamera(description.Camera, width, height), 1, options, CancellationToken.None);
                }

                using var renderer = (GpuPassRenderer)device.Create(scene, options);
                var film = new AccumulationBuffer(width, height);
                var clock = Stopwatch.StartNew();
                renderer.Render(film, new PerspectiveCamera(description.Camera, width, height), spp, options, CancellationToken.None);
                var seconds = clock.Elapsed.TotalSeconds;
                var image = film.Resolve().Pixels;
                var squares = renderer.SumOfSquares();
                var variance = image.Select((m, i) => Math.Max(0.0, (squares[i] - (spp * (double)m * m)) / (spp - 1))).ToArray();
                Print($"{device.Device} ({device.DeviceName})", spp, image, reference, variance, width, height, seconds);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"load average at end: {SamplingBench.LoadAverage()}");
        foreach (var device in devices)
        {
            device.Dispose();
        }

        return Task.FromResult(0);
    }

    private static (float[] Image, double Seconds) RenderCpu(RenderScene scene, CameraData camera, RenderOptions options)
    {
        using var renderer = new ProgressiveRenderer(scene, camera, options);
        var clock = Stopwatch.StartNew();
        renderer.RenderToCompletion(options.SamplesPerPixel);
        return (renderer.Film.Resolve().Pixels, clock.Elapsed.TotalSeconds);
    }

    private static void Print(string device, int spp, float[] image, float[] reference, double[]? variance, int width, int height, double seconds)
    {
        var relMse = image.Select((x, i) => (x - reference[i]) * (x - reference[i]) / ((reference[i] * reference[i]) + 0.01)).Average();
        var ratio = image.Average() / reference.Average();
        var tiles = variance is null ? "—" : TileZ(image, reference, variance, width, height, spp);
        Console.WriteLine($"{device,-34} {spp,4} {relMse,9:F5} {ratio,9:F4} {tiles,21} {width * height * (double)spp / seconds,12:N0} {seconds,8:F2}");
    }

    /// <summary>Mean and largest |z| of tile means per channel.</summary>
    private static string TileZ(float[] image, float[] reference, double[] variance, int width, int height, int spp)
    {
        var zs = new List<double>();
        for (var ty = 0; ty < height; ty += Tile)
        {
            for (var tx = 0; tx < width; tx += Tile)
            {
                for (var c = 0; c < 3; c++)
                {
                    double difference = 0, sumVariance = 0;
                    var n = 0;
                    for (var y = ty; y < Math.Min(ty + Tile, height); y++)
                    {
                        for (var x = tx; x < Math.Min(tx + Tile, width); x++)
                        {
                            var i = (3 * ((y * width) + x)) + c;
                            difference += image[i] - reference[i];
                            sumVariance += variance[i] / spp;
                            n++;
                        }
                    }

                    if (sumVariance > 0)
                    {
                        zs.Add(difference / n / (Math.Sqrt(sumVariance) / n));
                    }
                }
            }
        }

        return zs.Count == 0 ? "—" : $"{zs.Average(Math.Abs),14:F2} {zs.Max(Math.Abs),6:F2}";
    }
}
