using System.Diagnostics;
using System.Globalization;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Tests.Rendering;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// <c>bench cycles --equal-quality</c>: time to equal quality beside Blender Cycles. Per scene, Cycles
/// renders an unbiased high-sample reference (linear EXR, clamp and glossy filter off) and an image at
/// N spp with its own defaults (clamp indirect 10, filter glossy 1, as ours); our renderer, with the
/// product defaults, renders a ladder of sample counts (4, 8, 16, …). Our images are scaled by one
/// factor per scene, the reference's mean over that of our own unbiased high-sample image, both without the
/// brightest pixels (the material models differ by ~10%, see docs/rendering.md), and every image is scored by relMSE against the
/// reference, as <c>bench sampling --cycles</c> does. The spp at which ours reaches Cycles'
/// N-spp relMSE is interpolated on log-log between the two rungs around it, our time there linearly in
/// spp, and the time ratio is what the issue asks for.
/// </summary>
internal static class CyclesEqualQuality
{
    /// <summary>
    /// The share of pixels with the largest error left out of the score: a point light's highlight on a
    /// near-mirror is a sub-pixel dot that one sample in many hits with a huge value, and one such pixel moves
    /// a 160x90 image's relMSE by ~0.02 (both renderers'; their references have such pixels too).
    /// </summary>
    private const double TrimmedShare = 0.001;

    /// <summary>One rung of our ladder (or the interpolated crossing): relMSE without the <see cref="TrimmedShare"/> worst pixels (what the crossing and the fit use) and over every pixel.</summary>
    /// <remarks><c>OwnRelMse</c>: trimmed relMSE against our own unbiased image, noise and clamp bias without the material models' difference.</remarks>
    private sealed record Rung(double Spp, double RelMse, double FullRelMse, double OwnRelMse, double WallSeconds, double CpuSeconds, double MeanRatio);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var sizes = SamplingBench.Value(args, "--scene") is { } one ? [one] : CyclesRun.Scenes;
        var width = Int(args, "--width", quick ? 160 : 320);
        var height = Int(args, "--height", quick ? 90 : 180);
        var spp = Math.Max(2, Int(args, "--spp", 64));
        var referenceSpp = Int(args, "--reference-spp", 1024);
        var ownReferenceSpp = Int(args, "--own-reference-spp", 1024);
        var diffuse = SamplingBench.Value(args, "--diffuse") == "principled" ? DiffuseModel.PrincipledV1 : DiffuseModel.Gltf;
        var maxSpp = Int(args, "--max-spp", 1024);
        var defaults = new RenderOptions();
        var pixelFilter = Float(args, "--pixel-filter", defaults.PixelFilter);
        var ownFilterGlossy = Float(args, "--filter-glossy", defaults.FilterGlossy);
        var seeds = Math.Max(1, Int(args, "--seeds", 1));
        var threads = Int(args, "--threads", 2);
        var cyclesClamp = Float(args, "--cycles-clamp", 10f);
        var cyclesFilter = Float(args, "--cycles-filter-glossy", 1f);
        var folder = SamplingBench.Value(args, "--keep") ?? Directory.CreateTempSubdirectory("cycles-eq-").FullName;
        Directory.CreateDirectory(folder);
        Console.WriteLine($"command: dotnet run -c Release --project bench -- cycles {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores; load average at start {SamplingBench.LoadAverage()}");
        Console.WriteLine(Invariant($"image {width}x{height}, {threads} threads each, max 8 bounces, no denoiser; reference: Cycles {referenceSpp} spp, clamp and glossy filter off"));
        Console.WriteLine(Invariant($"Cycles at {spp} spp with clamp indirect {cyclesClamp}, filter glossy {cyclesFilter}; ours with the product defaults (clamp indirect {defaults.ClampIndirect}, filter glossy {defaults.FilterGlossy}{(ownFilterGlossy == defaults.FilterGlossy ? "" : $"; here filter glossy {ownFilterGlossy}, --filter-glossy")}), {seeds} seed(s) per rung"));
        Console.WriteLine(diffuse == DiffuseModel.Gltf ? "ours: glTF's diffuse lobe (the default)" : "ours: Principled v1's diffuse lobe (--diffuse principled), Cycles' own");
        Console.WriteLine(Invariant($"ours: pixel filter {(pixelFilter > 0f ? $"Blackman-Harris {pixelFilter} px" : "box")} (--pixel-filter); Cycles: Blackman-Harris 1.5 px, its default"));
        Console.WriteLine("relMSE = mean over pixels and channels of (x − ref)² / (ref² + 0.01); s = wall seconds of path tracing only");
        Console.WriteLine(Invariant($"our images are first scaled by one factor per scene, the reference's mean over the mean of our own unbiased {ownReferenceSpp}-spp image, both without the {TrimmedShare:P1} brightest pixels of either (the two material models' brightness); Cycles' are not scaled"));
        var rows = new List<string>();
        var equalSpp = new List<string>();
        var met = true;
        foreach (var size in sizes)
        {
            var glb = Path.Combine(folder, $"scene-{size}.glb");
            if (!File.Exists(glb))
            {
                await CyclesRun.BuildAsync(size, width, height, glb);
            }

            var reference = await ReferenceAsync(glb, width, height, referenceSpp, threads, folder, size);
            var referenceMean = reference.Average();

            // Cycles at N spp with its defaults, and at 1 spp for the CPU time it spends besides samples.
            var cyclesExr = Path.Combine(folder, Invariant($"cycles-{size}-{spp}-clamp{cyclesClamp}-blur{cyclesFilter}-seed1.exr"));
            var cycles = await CyclesRun.RenderAsync(glb, width, height, spp, threads, cyclesExr, cyclesClamp, cyclesFilter, seed: 1);
            var cyclesOne = await CyclesRun.RenderAsync(glb, width, height, 1, threads, Path.Combine(folder, $"cycles-{size}-1.exr"), cyclesClamp, cyclesFilter);
            var cyclesImage = ExrReader.Decode(await File.ReadAllBytesAsync(cyclesExr)).Rgb;
            var (cyclesRelMse, cyclesFullRelMse) = Score(cyclesImage, reference, 1.0);
            var cyclesCpu = (cycles.CpuSeconds - cyclesOne.CpuSeconds) * spp / (spp - 1);

            var (description, camera) = await SamplingBench.ImportAsync(await File.ReadAllBytesAsync(glb));
            var scene = RenderScene.Build(description);
            JitWarmup.Run(() => Render(scene, camera, new RenderOptions { Width = 64, Height = 36, SamplesPerPixel = 2, MaxDegreeOfParallelism = threads }));

            // One brightness factor per scene, from converged unbiased images of both renderers: scaling each
            // image to the reference's mean instead would turn a rare bright sample (a point light's highlight
            // on a near-mirror) into an error over the whole image. The means leave out the pixels among the
            // TrimmedShare brightest of either image: one caustic pixel that one renderer finds and the other
            // does not (a spot seen through glass: 360 in ours where Cycles has 0.02) moved the whole image's
            // mean by 7% on the materials scene.
            var own = DenoiseBench.Reference(scene, camera, new RenderOptions
            {
                Width = width, Height = height, SamplesPerPixel = ownReferenceSpp, MaxDegreeOfParallelism = threads, Seed = 1000,
                ClampDirect = 0f, ClampIndirect = 0f, FilterGlossy = 0f, Diffuse = diffuse, PixelFilter = pixelFilter,
            }, Path.Combine(folder, Invariant($"{size}-reference-{ownReferenceSpp}spp-{width}x{height}{(diffuse == DiffuseModel.Gltf ? "" : "-principled")}-filter{pixelFilter}.f32")));
            var scale = BrightnessScale(reference, own.Pixels);
            Console.WriteLine();
            Console.WriteLine(Invariant($"scene {size}: {scene.InstancedTriangleCount:N0} triangles; reference mean {referenceMean:F4}, ours unbiased {1 / scale:F3}x it without the {TrimmedShare:P1} brightest pixels (our images scaled by {scale:F3}); over all pixels {own.Pixels.Average() / referenceMean:F3}x"));
            Console.WriteLine(Invariant($"  {"",-22} {"relMSE",8} {"all pixels",10} {"own ref",8} {"wall s",8} {"CPU s",8} {"mean/ref",9}"));
            Console.WriteLine(Invariant($"  {"Cycles " + spp + " spp",-22} {cyclesRelMse,8:F5} {cyclesFullRelMse,10:F5} {cyclesRelMse,8:F5} {cycles.RenderSeconds,8:F2} {cyclesCpu,8:F2} {cyclesImage.Average() / referenceMean,9:F3}"));
            var rungs = new List<Rung>();
            foreach (var rungSpp in Ladder(spp, maxSpp))
            {
                double relMse = 0, fullRelMse = 0, ownRelMse = 0, wall = 0, cpu = 0, mean = 0;
                for (var seed = 1u; seed <= seeds; seed++)
                {
                    var (image, wallSeconds, cpuSeconds) = Render(scene, camera, new RenderOptions
                    {
                        Width = width, Height = height, SamplesPerPixel = rungSpp, MaxDegreeOfParallelism = threads, Seed = seed, Diffuse = diffuse, PixelFilter = pixelFilter, FilterGlossy = ownFilterGlossy,
                    });
                    var (trimmed, full) = Score(image, reference, scale);
                    relMse += trimmed / seeds;
                    fullRelMse += full / seeds;
                    ownRelMse += Score(image, own.Pixels, 1.0).Trimmed / seeds;
                    wall += wallSeconds / seeds;
                    cpu += cpuSeconds / seeds;
                    mean += image.Average() / referenceMean / seeds;
                }

                rungs.Add(new Rung(rungSpp, relMse, fullRelMse, ownRelMse, wall, cpu, mean));
                Console.WriteLine(Invariant($"  {"ours " + rungSpp + " spp",-22} {relMse,8:F5} {fullRelMse,10:F5} {ownRelMse,8:F5} {wall,8:F2} {cpu,8:F2} {mean,9:F3}"));
                if (rungSpp >= spp && relMse <= cyclesRelMse && fullRelMse <= cyclesFullRelMse && ownRelMse <= cyclesRelMse)
                {
                    break;
                }
            }

            var (floor, slope) = Fit(rungs);
            Console.WriteLine(Invariant($"  ours fitted as relMSE = F + k / spp over rungs >= 16 spp: F = {floor:F5} (bias against Cycles' model + the reference's own noise), k = {slope:F4}"));
            var atSpp = rungs.Single(r => r.Spp == spp);
            foreach (var (metric, target, select) in new (string, double, Func<Rung, double>)[] { ("trimmed", cyclesRelMse, r => r.RelMse), ("all", cyclesFullRelMse, r => r.FullRelMse), ("own ref", cyclesRelMse, r => r.OwnRelMse) })
            {
                var crossing = Crossing(rungs, target, select);
                met &= metric == "own ref" || (crossing is { } c && c.WallSeconds <= cycles.RenderSeconds);
                equalSpp.Add(crossing is { } found
                    ? Invariant($"{size,-9} {metric,-8} {target,14:F5} {cycles.RenderSeconds,9:F2} {found.Spp,11:F1} {found.WallSeconds,8:F2} {found.WallSeconds / cycles.RenderSeconds,11:F2} {found.CpuSeconds / cyclesCpu,10:F2} {floor,10:F5}")
                    : Invariant($"{size,-9} {metric,-8} {target,14:F5} {cycles.RenderSeconds,9:F2} {"> " + rungs[^1].Spp,11} {"> " + rungs[^1].WallSeconds.ToString("F2", CultureInfo.InvariantCulture),8} {"n/a",11} {"n/a",10} {floor,10:F5}"));
            }
            rows.Add(Invariant($"{size,-9} {cyclesRelMse,14:F5} {atSpp.RelMse,12:F5} {atSpp.RelMse / cyclesRelMse,13:F2} {atSpp.FullRelMse / cyclesFullRelMse,17:F2} {cycles.RenderSeconds,9:F2} {atSpp.WallSeconds,7:F2} {atSpp.WallSeconds / cycles.RenderSeconds,11:F2}"));
        }

        Console.WriteLine();
        Console.WriteLine($"equal quality: the spp at which ours reaches Cycles' {spp}-spp relMSE (log-log interpolation between rungs), and its time");
        Console.WriteLine($"{"scene",-9} {"relMSE",-8} {"Cycles relMSE",14} {"Cycles s",9} {"ours spp",11} {"ours s",8} {"time ratio",11} {"CPU ratio",10} {"ours F",10}");
        equalSpp.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"equal samples ({spp} spp)");
        Console.WriteLine($"{"scene",-9} {"Cycles relMSE",14} {"ours relMSE",12} {"relMSE ratio",13} {"all-pixels ratio",17} {"Cycles s",9} {"ours s",7} {"time ratio",11}");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine(Invariant($"relMSE without the {TrimmedShare:P1} of pixels with the largest error (sub-pixel highlights found by one sample in many); all pixels: every pixel;"));
        Console.WriteLine("own ref: each renderer against its own unbiased image (ours unscaled against ours, Cycles against its reference), trimmed: noise and clamp bias per sample without the material models' difference (not part of the goal's verdict).");
        Console.WriteLine("ratios = ours / Cycles; s = wall seconds of path tracing (Cycles: 'Render time (without synchronization)'; ours: the passes);");
        Console.WriteLine("ours F: the error our renderer approaches as spp grows (fit above, trimmed relMSE); equal quality needs Cycles relMSE > F.");
        Console.WriteLine("CPU ratio: CPU seconds of all threads (Cycles: CPU at N spp minus at 1 spp, times N / (N − 1); ours: the passes).");
        Console.WriteLine($"goal, equal-quality time <= 1.0x Cycles on every scene, by both relMSEs: {(met ? "met" : "NOT met")}");
        Console.WriteLine($"load average at end: {SamplingBench.LoadAverage()}; images and GLBs: {folder}");
        return 0;
    }

    /// <summary>
    /// Cycles' unbiased reference, reused from <paramref name="folder"/> when a file of the same name and size
    /// is there (<c>bench sampling --cycles --keep</c> writes the same name).
    /// </summary>
    private static async Task<float[]> ReferenceAsync(string glb, int width, int height, int referenceSpp, int threads, string folder, string size)
    {
        var exr = Path.Combine(folder, $"cycles-{size}-{referenceSpp}.exr");
        if (File.Exists(exr) && ExrReader.Decode(await File.ReadAllBytesAsync(exr)) is { } kept && kept.Width == width && kept.Height == height)
        {
            Console.WriteLine($"reference for {size}: reused {exr}");
            return kept.Rgb;
        }

        var rendered = await CyclesRun.RenderAsync(glb, width, height, referenceSpp, threads, exr);
        Console.WriteLine(Invariant($"reference for {size}: Cycles {referenceSpp} spp in {rendered.RenderSeconds:F1} s"));
        return ExrReader.Decode(await File.ReadAllBytesAsync(exr)).Rgb;
    }

    /// <summary>Rungs 4, 8, 16, … up to <paramref name="maxSpp"/>, and <paramref name="spp"/> itself.</summary>
    private static SortedSet<int> Ladder(int spp, int maxSpp)
    {
        var rungs = new SortedSet<int> { spp };
        for (var s = 4; s <= Math.Max(maxSpp, spp); s *= 2)
        {
            rungs.Add(s);
        }

        return rungs;
    }

    /// <summary>
    /// The first rung whose <paramref name="relMse"/> is at or below <paramref name="target"/>, interpolated with the rung before it: spp on
    /// log-log (relMSE ∝ spp^slope between them), times linearly in spp. Null when no rung reached it;
    /// the first rung itself when it already did (an upper bound).
    /// </summary>
    private static Rung? Crossing(List<Rung> rungs, double target, Func<Rung, double> relMse)
    {
        var i = rungs.FindIndex(r => relMse(r) <= target);
        if (i < 0)
        {
            return null;
        }

        if (i == 0)
        {
            return rungs[0];
        }

        var (a, b) = (rungs[i - 1], rungs[i]);
        var t = (Math.Log(target) - Math.Log(relMse(a))) / (Math.Log(relMse(b)) - Math.Log(relMse(a)));
        var spp = Math.Exp(Math.Log(a.Spp) + (t * (Math.Log(b.Spp) - Math.Log(a.Spp))));
        var f = (spp - a.Spp) / (b.Spp - a.Spp);
        return new Rung(spp, double.NaN, double.NaN, double.NaN, a.WallSeconds + (f * (b.WallSeconds - a.WallSeconds)), a.CpuSeconds + (f * (b.CpuSeconds - a.CpuSeconds)), double.NaN);
    }

    /// <summary>Least squares of relMSE against 1 / spp over the rungs from 16 spp on: the floor F and the noise constant k.</summary>
    private static (double Floor, double Slope) Fit(List<Rung> rungs)
    {
        var used = rungs.Where(r => r.Spp >= 16).ToList();
        if (used.Count < 2)
        {
            return (double.NaN, double.NaN);
        }

        var meanX = used.Average(r => 1 / r.Spp);
        var meanY = used.Average(r => r.RelMse);
        var slope = used.Sum(r => (1 / r.Spp - meanX) * (r.RelMse - meanY)) / used.Sum(r => (1 / r.Spp - meanX) * (1 / r.Spp - meanX));
        return (meanY - (slope * meanX), slope);
    }

    /// <summary>
    /// The reference's mean over <paramref name="own"/>'s, both over the pixels left when those among the
    /// <see cref="TrimmedShare"/> brightest of either image (by the mean of their channels) are set aside.
    /// </summary>
    private static double BrightnessScale(float[] reference, float[] own)
    {
        var pixels = reference.Length / 3;
        var brightest = new float[pixels];
        for (var p = 0; p < pixels; p++)
        {
            brightest[p] = Math.Max(reference[3 * p] + reference[(3 * p) + 1] + reference[(3 * p) + 2], own[3 * p] + own[(3 * p) + 1] + own[(3 * p) + 2]);
        }

        var sorted = brightest.ToArray();
        Array.Sort(sorted);
        var cut = sorted[pixels - 1 - (int)(pixels * TrimmedShare)];
        double referenceSum = 0, ownSum = 0;
        for (var p = 0; p < pixels; p++)
        {
            if (brightest[p] < cut)
            {
                referenceSum += reference[3 * p] + reference[(3 * p) + 1] + reference[(3 * p) + 2];
                ownSum += own[3 * p] + own[(3 * p) + 1] + own[(3 * p) + 2];
            }
        }

        return referenceSum / ownSum;
    }

    /// <summary>relMSE of <paramref name="image"/> × <paramref name="factor"/> against <paramref name="reference"/>: without the <see cref="TrimmedShare"/> worst pixels, and over all.</summary>
    private static (double Trimmed, double Full) Score(float[] image, float[] reference, double factor)
    {
        var errors = new double[image.Length / 3];
        for (var p = 0; p < errors.Length; p++)
        {
            for (var c = 3 * p; c < (3 * p) + 3; c++)
            {
                var d = (image[c] * factor) - reference[c];
                errors[p] += d * d / ((reference[c] * (double)reference[c]) + 0.01) / 3;
            }
        }

        var full = errors.Average();
        Array.Sort(errors);
        return (errors.Take(errors.Length - (int)(errors.Length * TrimmedShare)).Average(), full);
    }

    private static (float[] Pixels, double WallSeconds, double CpuSeconds) Render(RenderScene scene, CameraData camera, RenderOptions options)
    {
        var renderer = new ProgressiveRenderer(scene, camera, options);
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.GetTimestamp();
        // As render-local (LocalStill) does: passes of spp / 8.
        renderer.RenderToCompletion(Math.Max(1, options.SamplesPerPixel / 8));
        var wall = Stopwatch.GetElapsedTime(clock).TotalSeconds;
        return (renderer.Film.Resolve().Pixels, wall, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }

    private static int Int(string[] args, string name, int fallback) =>
        SamplingBench.Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static float Float(string[] args, string name, float fallback) =>
        SamplingBench.Value(args, name) is { } v ? float.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
