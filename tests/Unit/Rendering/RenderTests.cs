using System.Security.Cryptography;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class RenderTests
{
    [Fact]
    public void WhiteFurnace_WhiteMaterials_NoPixelGainsEnergy()
    {
        // White, non-emitting materials under a constant environment of 1 cannot reflect more than 1,
        // however many bounces: every pixel mean must stay ≤ 1 within its standard error.
        var description = TestScenes.Furnace(
            new MaterialData { MetallicFactor = 0f, RoughnessFactor = 1f },
            new MaterialData { MetallicFactor = 0f, RoughnessFactor = 0.3f },
            new MaterialData { MetallicFactor = 1f, RoughnessFactor = 0.2f },
            new MaterialData { MetallicFactor = 0.5f, RoughnessFactor = 0.6f });
        var scene = RenderScene.Build(description);
        var camera = new PerspectiveCamera(description.Camera, 24, 16);
        var stats = PixelStatistics.Measure(new PathIntegrator(scene, maxBounces: 12), camera, 64, seed: 3);
        var worst = double.NegativeInfinity;
        for (var i = 0; i < stats.Mean.Length; i++)
        {
            var z = (stats.Mean[i] - 1.0) / Math.Max(stats.StandardError(i), 1e-6);
            worst = Math.Max(worst, z);
            Assert.True(stats.Mean[i] <= 1.0 + (5 * stats.StandardError(i)) + 1e-5, $"value {i / 3}: {stats.Mean[i]:F4} ± {stats.StandardError(i):F4} exceeds the furnace");
        }

        // And the scene does absorb something: the shaded part is darker than the environment.
        Assert.True(stats.Mean.Average() < 0.99, $"mean {stats.Mean.Average():F4}");
    }

    [Theory]
    [InlineData(nameof(PathSampling.BsdfOnly))]
    [InlineData(nameof(PathSampling.LightOnly))]
    public void MultipleImportanceSampling_AgreesWithEachSingleStrategy(string strategyName)
    {
        var strategy = Enum.Parse<PathSampling>(strategyName);
        // Every strategy converges to the same image; a wrong light density, MIS weight or BSDF pdf
        // makes them differ. Per-pixel z-scores of MIS against the single strategy must look normal.
        var (integrator, camera) = MixedScene();
        var scene = integrator.Scene;
        var mis = PixelStatistics.Measure(new PathIntegrator(scene, 5, 3, PathSampling.MultipleImportance), camera, 256, seed: 1);
        var single = PixelStatistics.Measure(new PathIntegrator(scene, 5, 3, strategy), camera, 512, seed: 2);
        PixelStatistics.AssertSameExpectation(mis, single, $"MIS vs {strategy}");
    }

    [Fact]
    public void LowSampleRender_PassesZTestAgainstHighSampleReference()
    {
        var (integrator, camera) = MixedScene();
        var reference = PixelStatistics.Measure(integrator, camera, 1024, seed: 10);
        var low = PixelStatistics.Measure(integrator, camera, 32, seed: 11);
        PixelStatistics.AssertSameExpectation(reference, low, "32 spp vs 1024 spp");
    }

    [Fact]
    public void MeanSquaredError_FallsAtLeastAsFastAsOneOverSamples()
    {
        var (integrator, camera) = MixedScene();
        var reference = PixelStatistics.Measure(integrator, camera, 4096, seed: 20);
        // The reference's own noise, known from its variance, is taken out of each error.
        var referenceNoise = reference.Variance.Average() / reference.Samples;
        var counts = new[] { 16, 64, 256 };
        var errors = counts.Select((n, i) => MeanSquaredError(PixelStatistics.Measure(integrator, camera, n, seed: (uint)(21 + i)), reference) - referenceNoise).ToArray();

        // Monte Carlo gives MSE ∝ n⁻¹, a slope of −1 on log-log axes; the scrambled Sobol samples fall
        // faster where the integrand is smooth (−1.28 here), and a biased or stuck estimator flattens out.
        // The band allows for the spread of a mean over ~300 noisy values.
        var slope = Math.Log(errors[^1] / errors[0]) / Math.Log(counts[^1] / (double)counts[0]);
        Assert.InRange(slope, -1.75, -0.75);
        Assert.True(errors[1] < errors[0] && errors[2] < errors[1], $"errors {string.Join(", ", errors)}");
    }

    [Fact]
    public void DeterminismHash_EqualAcrossThreadsTilesAndPasses()
    {
        var description = TestScenes.Mixed();
        var scene = RenderScene.Build(description);
        var options = new RenderOptions { Width = 20, Height = 14, SamplesPerPixel = 4, Seed = 5 };
        var single = Hash(scene, description.Camera, options with { MaxDegreeOfParallelism = 1, TileSize = 16 }, 4);
        var twoThreads = Hash(scene, description.Camera, options with { MaxDegreeOfParallelism = 2, TileSize = 5 }, 4);
        var twoPasses = Hash(scene, description.Camera, options with { MaxDegreeOfParallelism = 2, TileSize = 7 }, 2);
        var fourPasses = Hash(scene, description.Camera, options with { TileSize = 3 }, 1);
        var otherSeed = Hash(scene, description.Camera, options with { Seed = 6 }, 4);

        Assert.Equal(single, twoThreads);
        Assert.Equal(single, twoPasses);
        Assert.Equal(single, fourPasses);
        Assert.NotEqual(single, otherSeed);
    }

    /// <summary>The mixed test scene at 12 × 9 pixels with a default path tracer.</summary>
    private static (PathIntegrator Integrator, PerspectiveCamera Camera) MixedScene()
    {
        var description = TestScenes.Mixed();
        return (new PathIntegrator(RenderScene.Build(description)), new PerspectiveCamera(description.Camera, 12, 9));
    }

    private static string Hash(RenderScene scene, CameraData camera, RenderOptions options, int samplesPerPass)
    {
        var renderer = new ProgressiveRenderer(scene, camera, options);
        renderer.RenderToCompletion(samplesPerPass);
        var pixels = renderer.Film.Resolve().Pixels;
        return Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan())));
    }

    private static double MeanSquaredError(PixelStatistics estimate, PixelStatistics reference) =>
        estimate.Mean.Zip(reference.Mean, (a, b) => (a - b) * (a - b)).Average();
}
