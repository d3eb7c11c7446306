using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Acceleration;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// Ray throughput of the CPU path tracer's acceleration structures: primary, shadow and diffuse-bounce
/// rays on one thread and on every core, for a ~250k and a ~1M triangle procedural scene, plus BVH
/// build times, the 4-wide vs binary BVH comparison and full path-tracing samples per second.
/// </summary>
public sealed class RenderBench : IBench
{
    private const int Chunk = 2048;

    public string Name => "render";

    public string Description => "path tracer: rays/s (primary, shadow, diffuse; 1 thread and all cores), BVH build, samples/s";

    public Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var sizes = args.SkipWhile(a => a != "--scene").Skip(1).Take(1).ToArray() is [var one] ? [one] : new[] { "250k", "1m" };
        var (width, height) = quick ? (320, 180) : (640, 360);
        var cores = Environment.ProcessorCount;
        PrintMachine(args);
        foreach (var size in sizes)
        {
            var description = BenchScenes.Create(size);
            var meshBuild = description.Meshes.Select(m => MeshBvh.Build(m, keepBinary: true)).ToArray();
            var buildCpu = description.Meshes.Select(m =>
            {
                var before = Environment.CpuUsage.TotalTime;
                MeshBvh.Build(m);
                return (Environment.CpuUsage.TotalTime - before).TotalMilliseconds;
            }).ToArray();
            var clock = Stopwatch.StartNew();
            var scene = RenderScene.Build(description);
            var sceneBuild = clock.Elapsed;
            var unique = description.Meshes.Sum(m => (long)m.TriangleCount);
            Console.WriteLine();
            Console.WriteLine($"scene {size}: {scene.InstancedTriangleCount:N0} triangles in {description.Instances.Count} instances ({unique:N0} unique), image {width}x{height}");
            for (var i = 0; i < meshBuild.Length; i++)
            {
                var bvh = meshBuild[i];
                Console.WriteLine($"  BVH build {bvh.MeshId,-12} {bvh.TriangleCount,9:N0} tris  {bvh.BuildTime.TotalMilliseconds,7:F1} ms wall  {buildCpu[i],7:F1} ms CPU  {bvh.NodeCount,8:N0} 4-wide nodes  {bvh.TriangleCount / bvh.BuildTime.TotalSeconds / 1e6:F2} Mtris/s");
            }

            Console.WriteLine($"  instance BVH {scene.InstanceBvhBuildTime.TotalMilliseconds:F2} ms; RenderScene.Build total {sceneBuild.TotalMilliseconds:F0} ms (meshes, instances, lights)");
            var light = description.Lights[0].Position;
            var rays = RaySets.Generate(scene, description.Camera, light, width, height);
            Console.WriteLine($"  {"rays",-16} {"count",9} {"hit %",6} {"1 thread Mrays/s",17} {cores + " threads Mrays/s",17} {"scaling",8} {cores + " threads Mrays/CPU-s",22}");
            Row("primary", rays.Primary, (in Ray r) => Closest(scene, r), cores);
            Row("shadow", rays.Shadow, (in Ray r) => scene.Occluded(r, 1f - 1e-4f), cores);
            Row("diffuse bounce", rays.Diffuse, (in Ray r) => Closest(scene, r), cores);

            var terrain = meshBuild[0];
            Console.WriteLine($"  SIMD on the terrain mesh alone, 1 thread, Mrays/s: 4-wide nodes + 4-lane triangles (product) vs 4-wide nodes + scalar triangles vs binary scalar");
            foreach (var (name, set) in new[] { ("primary", rays.Primary), ("diffuse bounce", rays.Diffuse) })
            {
                var wide = Throughput(set, (in Ray r) => WideHit(terrain, r), 1, out _);
                var scalarTriangles = Throughput(set, (in Ray r) => ScalarTriangleHit(terrain, r), 1, out _);
                var binary = Throughput(set, (in Ray r) => BinaryHit(terrain, r), 1, out _);
                Console.WriteLine($"    {name,-16} {wide,7:F2}  {scalarTriangles,7:F2}  {binary,7:F2}   (product {wide / binary:F2}x binary)");
            }

            PathTracing(scene, description.Camera, quick ? 160 : 320, quick ? 90 : 180, cores);
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        return Task.FromResult(0);
    }

    private delegate bool RayQuery(in Ray ray);

    private static bool Closest(RenderScene scene, in Ray ray)
    {
        var hit = SurfaceHit.Miss(float.PositiveInfinity);
        return scene.Intersect(ray, ref hit);
    }

    private static bool WideHit(MeshBvh bvh, in Ray ray)
    {
        var hit = SurfaceHit.Miss(float.PositiveInfinity);
        bvh.Intersect(ray, ref hit, 0, default(AcceptAllHits));
        return hit.IsHit;
    }

    private static bool ScalarTriangleHit(MeshBvh bvh, in Ray ray)
    {
        var hit = SurfaceHit.Miss(float.PositiveInfinity);
        bvh.IntersectScalarTriangles(ray, ref hit, 0);
        return hit.IsHit;
    }

    private static bool BinaryHit(MeshBvh bvh, in Ray ray)
    {
        var hit = SurfaceHit.Miss(float.PositiveInfinity);
        bvh.IntersectBinary(ray, ref hit, 0);
        return hit.IsHit;
    }

    private static void Row(string name, Ray[] rays, RayQuery query, int cores)
    {
        var one = Throughput(rays, query, 1, out var hits);
        var all = Throughput(rays, query, cores, out _);
        var perCpu = Throughput(rays, query, cores, out _, perCpuSecond: true);
        Console.WriteLine($"  {name,-16} {rays.Length,9:N0} {100.0 * hits / rays.Length,6:F1} {one,17:F2} {all,17:F2} {all / one,7:F2}x {perCpu,22:F2}");
    }

    /// <summary>
    /// Best run, in millions of rays per second. Runs repeat for at least a second first, so that the
    /// JIT has promoted every method on the path to optimised tier-1 code, then five runs are timed.
    /// </summary>
    private static double Throughput(Ray[] rays, RayQuery query, int threads, out long hits, bool perCpuSecond = false)
    {
        JitWarmup.Run(() => Run(rays, query, threads, out _, perCpuSecond), seconds: 1);
        hits = 0;

        var best = double.PositiveInfinity;
        for (var run = 0; run < 5; run++)
        {
            best = Math.Min(best, Run(rays, query, threads, out hits, perCpuSecond));
        }

        return rays.Length / best / 1e6;
    }

    /// <summary>
    /// Seconds one pass over the rays took: wall clock, or for one thread (and when asked) the CPU time
    /// the process got. On a machine whose cores other processes share, CPU time per ray is the stable
    /// measure; at n threads, rays per CPU-second × n is what an idle n-core machine would reach if
    /// scaling were only limited by contention.
    /// </summary>
    private static double Run(Ray[] rays, RayQuery query, int threads, out long hits, bool perCpuSecond)
    {
        long count = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, (rays.Length + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            var local = 0;
            for (var i = chunk * Chunk; i < Math.Min(rays.Length, (chunk + 1) * Chunk); i++)
            {
                local += query(rays[i]) ? 1 : 0;
            }

            Interlocked.Add(ref count, local);
        });
        hits = count;
        var wall = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return perCpuSecond ? cpuSeconds : threads == 1 ? Math.Min(wall, cpuSeconds) : wall;
    }

    private static void PathTracing(RenderScene scene, CameraData camera, int width, int height, int cores)
    {
        foreach (var threads in new[] { 1, cores })
        {
            var options = new RenderOptions { Width = width, Height = height, SamplesPerPixel = 4, MaxDegreeOfParallelism = threads };
            var renderer = new ProgressiveRenderer(scene, camera, options);
            renderer.RenderPass(1);
            renderer.Reset();
            var clock = Stopwatch.StartNew();
            renderer.RenderToCompletion(samplesPerPass: 2);
            var seconds = clock.Elapsed.TotalSeconds;
            var samples = (double)width * height * options.SamplesPerPixel;
            Console.WriteLine($"  path tracing {width}x{height} x {options.SamplesPerPixel} spp, max 8 bounces, NEE+MIS, {threads} thread(s): {samples / seconds / 1e6:F3} Msamples/s ({seconds:F2} s)");
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void PrintMachine(string[] args)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Console.WriteLine($"command: dotnet run -c Release --project bench -- render {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"load average at start: {LoadAverage()} (other processes on the machine share its cores; 1-thread figures use the CPU time this process got)");
        Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}, Vector128 accelerated {Vector128.IsHardwareAccelerated}, Vector256 accelerated {Vector256.IsHardwareAccelerated}");
    }
}
