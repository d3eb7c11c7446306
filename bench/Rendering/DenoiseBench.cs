using System.Diagnostics;
using System.Globalization;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Denoising;
using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// The denoiser's effect on error per sample: relMSE (as <c>bench sampling</c> measures it, against the
/// same unbiased high-sample reference) of the product's renders (clamp and glossy filter on) at 1, 4,
/// 16 and 64 spp beside the same renders denoised at 1, 4 and 16 spp, and the filter's time per megapixel.
/// </summary>
public sealed class DenoiseBench : IBench
{
    private const int Seeds = 8;

    private static readonly int[] Plain = [1, 4, 16, 64];
    private static readonly int[] Denoised = [1, 4, 16];

    public string Name => "denoise";

    public string Description => "relMSE of denoised 1/4/16-spp renders beside undenoised 1/4/16/64 spp, and the denoiser's ms per megapixel";

    public async Task<int> RunAsync(string[] args)
    {
        var sizes = SamplingBench.Value(args, "--scene") is { } one ? [one] : new[] { "250k", "1m" };
        var width = int.Parse(SamplingBench.Value(args, "--width") ?? "160", CultureInfo.InvariantCulture);
        var height = int.Parse(SamplingBench.Value(args, "--height") ?? "90", CultureInfo.InvariantCulture);
        var referenceSpp = int.Parse(SamplingBench.Value(args, "--reference-spp") ?? "1024", CultureInfo.InvariantCulture);
        var threads = int.Parse(SamplingBench.Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        var pixelFilter = SamplingBench.Value(args, "--pixel-filter") is { } filterWidth ? float.Parse(filterWidth, CultureInfo.InvariantCulture) : new RenderOptions().PixelFilter;
        var folder = SamplingBench.Value(args, "--keep") ?? Directory.CreateTempSubdirectory("denoise-bench-").FullName;
        Directory.CreateDirectory(folder);
        var settings = DenoiseSettings.Default;
        if (SamplingBench.Value(args, "--filter") is { } filter)
        {
            settings = ParseFilter(filter);
        }

        if (SamplingBench.Value(args, "--mixed") is { } mixed)
        {
            // Tuning: --mixed leniency (DenoiseSettings.MixedPixelLeniency; 0 off).
            settings = settings with { MixedPixelLeniency = float.Parse(mixed, CultureInfo.InvariantCulture) };
        }

        // Tuning: --spp 4 measures only that rung (any count, denoised and plain) beside plain 64 spp, the goal.
        var rungs = SamplingBench.Value(args, "--spp") is { } only ? [int.Parse(only, CultureInfo.InvariantCulture)] : Denoised;
        var plainRungs = Plain.Where(spp => rungs.Contains(spp) || spp == 64).Union(rungs).Order().ToArray();
        Console.WriteLine($"command: dotnet run -c Release --project bench -- denoise {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores; load average at start {SamplingBench.LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"image {width}x{height}, {threads} threads, max 8 bounces; renders with the product's defaults (clamp indirect 10, filter glossy 1), pixel filter {pixelFilter} px (--pixel-filter; 0 the box)"));
        Console.WriteLine($"reference: {referenceSpp} spp, Sobol, importance, no clamp/filter (as bench sampling); relMSE = mean over pixels and channels of (x − ref)² / (ref² + 0.01), mean over {Seeds} seeds");
        foreach (var size in sizes)
        {
            var glb = Path.Combine(folder, $"scene-{size}.glb");
            if (!File.Exists(glb))
            {
                await CyclesRun.BuildAsync(size, width, height, glb);
            }

            var (description, camera) = await SamplingBench.ImportAsync(await File.ReadAllBytesAsync(glb));
            var scene = RenderScene.Build(description);
            // --adaptive: every rung with adaptive sampling (RenderOptions.AdaptiveSampling), the goal still uniform.
            var product = new RenderOptions { Width = width, Height = height, MaxDegreeOfParallelism = threads, PixelFilter = pixelFilter, AdaptiveSampling = args.Contains("--adaptive") };
            JitWarmup.Run(() => Render(scene, camera, product with { SamplesPerPixel = 2, Width = 64, Height = 36, Denoise = true }));
            var referenceImage = Reference(scene, camera, product with { SamplesPerPixel = referenceSpp, Seed = 1000, ClampIndirect = 0f, FilterGlossy = 0f, AdaptiveSampling = false },
                Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{size}-reference-{referenceSpp}spp-{width}x{height}-filter{pixelFilter}.f32")));
            WritePng(Path.Combine(folder, $"{size}-reference.png"), referenceImage);
            var reference = referenceImage.Pixels;
            Console.WriteLine();
            Console.WriteLine($"scene {size}: {scene.InstancedTriangleCount:N0} triangles; reference mean {reference.Average():F4}");
            if (SamplingBench.Value(args, "--sweep") is { } sweep)
            {
                // Tuning: --sweep needs --spp; --filter and --mixed do not apply (each entry is a whole setting).
                Sweep(scene, camera, product, rungs.Length == 1 ? rungs[0] : throw new ArgumentException("--sweep needs --spp N."), sweep, reference, threads);
                continue;
            }

            Console.WriteLine($"spp   relMSE   denoised   denoised/plain   mean/ref (plain, denoised)   relMSE of the {Seeds} seeds' mean (plain, denoised): mostly bias");
            var plain64 = 0.0;
            foreach (var spp in plainRungs)
            {
                double plain = 0, filtered = 0;
                var plainSum = new double[reference.Length];
                var filteredSum = new double[reference.Length];
                for (var seed = 1u; seed <= Seeds; seed++)
                {
                    var renderer = Render(scene, camera, product with { SamplesPerPixel = spp, Seed = seed, Denoise = rungs.Contains(spp) });
                    var resolved = renderer.Film.Resolve();
                    var image = resolved.Pixels;
                    if (seed == 1)
                    {
                        WritePng(Path.Combine(folder, $"{size}-{spp}spp.png"), resolved);
                        WriteRaw(Path.Combine(folder, $"{size}-{spp}spp.f32"), resolved);
                    }

                    plain += SamplingBench.RelativeMse(image, reference) / Seeds;
                    Accumulate(plainSum, image);
                    if (renderer.Options.Denoise)
                    {
                        var input = new DenoiseInput(width, height);
                        renderer.Film.Resolve(input);
                        var output = new LinearImage(width, height);
                        new AtrousDenoiser(settings).Denoise(input, output, threads);
                        var denoised = output.Pixels;
                        if (seed == 1)
                        {
                            WritePng(Path.Combine(folder, $"{size}-{spp}spp-denoised.png"), output);
                            WritePng(Path.Combine(folder, $"{size}-{spp}spp-albedo.png"), input.Albedo);
                            WriteRaw(Path.Combine(folder, $"{size}-{spp}spp-denoised.f32"), output);
                            WriteRaw(Path.Combine(folder, $"{size}-{spp}spp-albedo.f32"), input.Albedo);
                            WriteRaw(Path.Combine(folder, $"{size}-{spp}spp-normal.f32"), input.Normal);
                        }

                        filtered += SamplingBench.RelativeMse(denoised, reference) / Seeds;
                        Accumulate(filteredSum, denoised);
                    }
                }

                // The seeds' mean image: its brightness, and its relMSE, the error the seeds share (bias, with an
                // eighth of one image's noise variance left).
                var plainMean = MeanImage(plainSum, width, height);
                WriteRaw(Path.Combine(folder, $"{size}-{spp}spp-mean.f32"), plainMean);
                var plainColumns = $"{plainMean.Pixels.Average() / reference.Average():F3}";
                var sharedColumns = $"{SamplingBench.RelativeMse(plainMean.Pixels, reference):F5}";
                if (rungs.Contains(spp))
                {
                    var filteredMean = MeanImage(filteredSum, width, height);
                    WriteRaw(Path.Combine(folder, $"{size}-{spp}spp-denoised-mean.f32"), filteredMean);
                    plainColumns += $", {filteredMean.Pixels.Average() / reference.Average():F3}";
                    sharedColumns += $", {SamplingBench.RelativeMse(filteredMean.Pixels, reference):F5}";
                }

                plain64 = spp == 64 ? plain : plain64;
                Console.WriteLine(rungs.Contains(spp)
                    ? $"{spp,3} {plain,8:F5} {filtered,10:F5} {filtered / plain,16:F3}   {plainColumns}   {sharedColumns}"
                    : $"{spp,3} {plain,8:F5} {"—",10} {"",16}   {plainColumns}          {sharedColumns}");
            }

            if (product.AdaptiveSampling)
            {
                // The goal stays the plain render with every pixel alike.
                plain64 = 0;
                for (var seed = 1u; seed <= Seeds; seed++)
                {
                    var uniform = Render(scene, camera, product with { SamplesPerPixel = 64, Seed = seed, AdaptiveSampling = false });
                    plain64 += SamplingBench.RelativeMse(uniform.Film.Resolve().Pixels, reference) / Seeds;
                }

                Console.WriteLine($" 64 {plain64,8:F5}          —                    (every pixel alike)");
            }

            Console.WriteLine($"goal: denoised 4 spp ≤ plain 64 spp with every pixel alike ({plain64:F5})");
            if (!args.Contains("--no-time"))
            {
                Time(scene, camera, product, threads, settings);
            }
        }

        Console.WriteLine($"load average at end: {SamplingBench.LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// Tuning: renders the <paramref name="spp"/> rung's 8 seeds once, then denoises them with each setting in
    /// <paramref name="sweep"/> (';'-separated, each a <c>--filter</c> list, optionally '/' and a <c>--mixed</c> value) and prints
    /// its relMSE, the seeds' mean image's relMSE (the shared error) and its brightness.
    /// </summary>
    private static void Sweep(RenderScene scene, CameraData camera, RenderOptions product, int spp, string sweep, float[] reference, int threads)
    {
        var (width, height) = (product.Width, product.Height);
        var inputs = new DenoiseInput[Seeds];
        var plain = 0.0;
        for (var seed = 1u; seed <= Seeds; seed++)
        {
            var renderer = Render(scene, camera, product with { SamplesPerPixel = spp, Seed = seed, Denoise = true });
            plain += SamplingBench.RelativeMse(renderer.Film.Resolve().Pixels, reference) / Seeds;
            inputs[seed - 1] = new DenoiseInput(width, height);
            renderer.Film.Resolve(inputs[seed - 1]);
        }

        Console.WriteLine($"plain {spp} spp: {plain:F5}");
        foreach (var entry in sweep.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('/');
            var settings = ParseFilter(parts[0]);
            settings = parts.Length > 1 ? settings with { MixedPixelLeniency = float.Parse(parts[1], CultureInfo.InvariantCulture) } : settings;
            var denoiser = new AtrousDenoiser(settings);
            var output = new LinearImage(width, height);
            var sum = new double[reference.Length];
            var error = 0.0;
            foreach (var input in inputs)
            {
                denoiser.Denoise(input, output, threads);
                error += SamplingBench.RelativeMse(output.Pixels, reference) / Seeds;
                Accumulate(sum, output.Pixels);
            }

            var mean = MeanImage(sum, width, height).Pixels;
            Console.WriteLine($"{entry,-40} denoised {error:F5}   shared {SamplingBench.RelativeMse(mean, reference):F5}   mean/ref {mean.Average() / reference.Average():F3}");
        }
    }

    /// <summary>
    /// Tuning: <c>--filter normalSharpness,albedoSigma,luminanceSigma,iterations[,fireflyFactor[,indirectNormalSharpness,indirectPatchSigma[,searchRadius[,patchRadius]]]]</c>;
    /// "default" for the defaults.
    /// </summary>
    private static DenoiseSettings ParseFilter(string filter)
    {
        var d = DenoiseSettings.Default;
        if (filter == "default")
        {
            return d;
        }

        var f = filter.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return d with
        {
            NormalSharpness = f[0], AlbedoSigma = f[1], LuminanceSigma = f[2], Iterations = (int)f[3], FireflyFactor = f.Length > 4 ? f[4] : d.FireflyFactor,
            IndirectNormalSharpness = f.Length > 5 ? f[5] : d.IndirectNormalSharpness, IndirectPatchSigma = f.Length > 6 ? f[6] : d.IndirectPatchSigma,
            IndirectSearchRadius = f.Length > 7 ? (int)f[7] : d.IndirectSearchRadius, IndirectPatchRadius = f.Length > 8 ? (int)f[8] : d.IndirectPatchRadius,
        };
    }

    /// <summary>Median wall time of the filter alone (features resolved beforehand) on the bench size and at 640×360, 1 and <paramref name="threads"/> threads.</summary>
    private static void Time(RenderScene scene, CameraData camera, RenderOptions product, int threads, DenoiseSettings settings)
    {
        foreach (var (w, h) in new[] { (product.Width, product.Height), (640, 360) })
        {
            var renderer = Render(scene, camera, product with { Width = w, Height = h, SamplesPerPixel = 4, Denoise = true, Seed = 7 });
            var input = new DenoiseInput(w, h);
            renderer.Film.Resolve(input);
            var output = new LinearImage(w, h);
            var denoiser = new AtrousDenoiser(settings);
            foreach (var t in new[] { 1, threads }.Distinct())
            {
                var times = new double[9];
                var cpu = Environment.CpuUsage.TotalTime;
                denoiser.Denoise(input, output, t); // warm-up
                cpu = Environment.CpuUsage.TotalTime;
                for (var i = 0; i < times.Length; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    denoiser.Denoise(input, output, t);
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                var cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / times.Length;
                Array.Sort(times);
                var megapixels = w * h / 1e6;
                Console.WriteLine($"denoiser {w}x{h}, {t} thread(s): median {times[times.Length / 2]:F2} ms = {times[times.Length / 2] / megapixels:F0} ms/MP wall, {cpuMs / megapixels:F0} ms/MP CPU ({settings.Iterations} iterations)");
            }
        }
    }

    /// <summary>
    /// The unbiased reference, rendered once per scene, size and sample count and kept in <paramref name="cache"/>
    /// (raw little-endian floats): the same seed gives the same image, so tuning runs need not repeat it.
    /// </summary>
    internal static LinearImage Reference(RenderScene scene, CameraData camera, RenderOptions options, string cache)
    {
        var image = new LinearImage(options.Width, options.Height);
        if (File.Exists(cache) && new FileInfo(cache).Length == sizeof(float) * image.Pixels.Length)
        {
            File.ReadAllBytes(cache).AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.Pixels.AsSpan()));
            return image;
        }

        Render(scene, camera, options).Film.Resolve(image);
        WriteRaw(cache, image);
        return image;
    }

    /// <summary>Adds <paramref name="image"/> into <paramref name="sum"/>, value by value.</summary>
    private static void Accumulate(double[] sum, float[] image)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += image[i];
        }
    }

    /// <summary>The mean of the seeds' images summed in <paramref name="sum"/>: where the error they share (bias) sits.</summary>
    private static LinearImage MeanImage(double[] sum, int width, int height)
    {
        var image = new LinearImage(width, height);
        for (var i = 0; i < sum.Length; i++)
        {
            image.Pixels[i] = (float)(sum[i] / Seeds);
        }

        return image;
    }

    /// <summary>Raw little-endian floats, RGB row-major: for a look at per-region error outside the bench.</summary>
    private static void WriteRaw(string path, LinearImage image) =>
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.Pixels.AsSpan()).ToArray());

    /// <summary>Seed 1's images go to the <c>--keep</c> folder for a look.</summary>
    private static void WritePng(string path, LinearImage image) =>
        File.WriteAllBytes(path, PngEncoder.EncodeRgb8(ToneMapper.ToSrgb8(image, ToneMapping.Standard, 0f), image.Width, image.Height));

    private static ProgressiveRenderer Render(RenderScene scene, CameraData camera, RenderOptions options)
    {
        var renderer = new ProgressiveRenderer(scene, camera, options);
        renderer.RenderToCompletion(Math.Max(1, options.SamplesPerPixel / 8));
        return renderer;
    }
}
