using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

/// <summary>Adaptive sampling: where <see cref="AdaptiveAllocator"/> sends a pass's samples, and what a progressive render with it gives.</summary>
public sealed class AdaptiveSamplingTests
{
    private static readonly SceneDescription Scene = TestScenes.Mixed();

    [Fact]
    public void Allocate_SendsTheBudgetToTheNoisyPixelAndItsNeighbours_ExactlyAndAlikeEachTime()
    {
        // 8×6 pixels of 4 equal samples, but (3, 2) whose samples are 0, 4, 0, 4: all the variance is there.
        var film = Film(8, 6, 4, (x, y, n) => x == 3 && y == 2 ? 4f * (n % 2) : 0.5f);

        var allocator = new AdaptiveAllocator(8, 6);
        var counts = allocator.Allocate(film, 100).ToArray();

        Assert.Equal(100, counts.Sum());
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var near = Math.Abs(x - 3) <= 1 && Math.Abs(y - 2) <= 1;
                Assert.True(near ? counts[(y * 8) + x] >= 11 : counts[(y * 8) + x] == 0, $"pixel ({x}, {y}) got {counts[(y * 8) + x]}");
            }
        }

        Assert.Equal(counts, allocator.Allocate(film, 100).ToArray());
    }

    [Fact]
    public void Allocate_GivesNoPixelMoreThanItsShareOfARound_AndSurvivesAPixelWhoseSumsOverflow()
    {
        // 16×16 pixels of 2 equal samples; (5, 5) noisy, (12, 12) with samples beyond any float's square.
        var film = Film(16, 16, 2, (x, y, n) => (x, y) switch
        {
            (5, 5) => 4f * n,
            (12, 12) => 3e38f * n,
            _ => 0.5f,
        });

        var counts = new AdaptiveAllocator(16, 16).Allocate(film, 128 * 256).ToArray();

        Assert.Equal(128 * 256, counts.Sum());
        Assert.Equal(AdaptiveAllocator.MaxPerRound, counts.Max());
        Assert.Equal(AdaptiveAllocator.MaxPerRound, counts[(5 * 16) + 5]);
        Assert.True(counts[0] < counts[(5 * 16) + 5], "the noisy pixel asks for more than a flat one");
    }

    [Fact]
    public void Allocate_WithNoVarianceAnywhere_SpreadsTheBudgetEvenly()
    {
        var film = Film(5, 4, 2, (_, _, _) => 1f);

        var counts = new AdaptiveAllocator(5, 4).Allocate(film, 40).ToArray();
        Assert.All(counts, count => Assert.Equal(2, count));
        Assert.Throws<ArgumentException>(() => new AdaptiveAllocator(4, 4).Allocate(film, 1));
    }

    [Fact]
    public void AdaptiveRender_KeepsTheSampleBudget_GivesEveryPixelItsFirstSamples_AndIsTheSameForAnyThreadsTilesOrPasses()
    {
        var options = new RenderOptions { Width = 24, Height = 16, SamplesPerPixel = 8, AdaptiveSampling = true, MaxDegreeOfParallelism = 1, Seed = 3 };
        var scene = RenderScene.Build(Scene);
        var one = new ProgressiveRenderer(scene, Scene.Camera, options);
        one.RenderToCompletion(samplesPerPass: 2);
        var other = new ProgressiveRenderer(scene, Scene.Camera, options with { MaxDegreeOfParallelism = 2, TileSize = 5 });
        other.RenderPass(1);
        other.RenderPass(7);

        Assert.True(one.Adaptive);
        Assert.Equal(8, one.SamplesPerPixel);
        Assert.Equal(8L * 24 * 16, one.Film.TotalSamples);
        var counts = Enumerable.Range(0, 24 * 16).Select(p => one.Film.SamplesAt(p)).ToArray();
        Assert.True(counts.Min() >= AdaptiveAllocator.MinSamples);
        Assert.True(counts.Max() > 16, $"the most any pixel got is {counts.Max()}");
        Assert.Equal(one.Film.Resolve().Pixels, other.Film.Resolve().Pixels);
    }

    [Fact]
    public void AdaptiveRender_HasLessErrorThanEveryPixelAlike_AtTheSameSamples_AndKeepsTheBrightness()
    {
        var scene = RenderScene.Build(Scene);
        var options = new RenderOptions { Width = 32, Height = 24, SamplesPerPixel = 8, ClampIndirect = 0f, FilterGlossy = 0f, Seed = 1 };
        var reference = Render(scene, options with { SamplesPerPixel = 1024, Seed = 99 });
        double uniformError = 0, adaptiveError = 0, adaptiveMean = 0;
        for (var seed = 1u; seed <= 4; seed++)
        {
            uniformError += RelativeMse(Render(scene, options with { Seed = seed }), reference);
            var adaptive = Render(scene, options with { Seed = seed, AdaptiveSampling = true });
            adaptiveError += RelativeMse(adaptive, reference);
            adaptiveMean += adaptive.Average() / 4;
        }

        Assert.True(adaptiveError < 0.9 * uniformError, $"adaptive {adaptiveError / 4:F4}, every pixel alike {uniformError / 4:F4}");
        Assert.InRange(adaptiveMean / reference.Average(), 0.97, 1.03);
    }

    [Fact]
    public void ADeviceBackend_RendersEveryPixelAlike()
    {
        var options = new RenderOptions { Width = 8, Height = 6, SamplesPerPixel = 6, AdaptiveSampling = true };
        var renderer = new ProgressiveRenderer(RenderScene.Build(Scene), Scene.Camera, options, backend: new UniformOnly());
        renderer.RenderToCompletion(samplesPerPass: 2);

        Assert.False(renderer.Adaptive);
        Assert.All(Enumerable.Range(0, 48), p => Assert.Equal(6, renderer.Film.SamplesAt(p)));
    }

    /// <summary>A film of <paramref name="width"/> × <paramref name="height"/> whose pixel (x, y) holds <paramref name="samples"/> grey samples value(x, y, n).</summary>
    private static AccumulationBuffer Film(int width, int height, int samples, Func<int, int, int, float> value)
    {
        var film = new AccumulationBuffer(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var n = 0; n < samples; n++)
                {
                    film.Add(x, y, new Vector3(value(x, y, n)));
                }
            }
        }

        return film;
    }

    private static float[] Render(RenderScene scene, RenderOptions options)
    {
        var renderer = new ProgressiveRenderer(scene, Scene.Camera, options);
        renderer.RenderToCompletion(samplesPerPass: 1);
        return renderer.Film.Resolve().Pixels;
    }

    private static double RelativeMse(float[] image, float[] reference)
    {
        double sum = 0;
        for (var i = 0; i < image.Length; i++)
        {
            var d = image[i] - reference[i];
            sum += d * d / ((reference[i] * reference[i]) + 0.01);
        }

        return sum / image.Length;
    }

    /// <summary>A backend whose pass renderer is not the CPU path tracer (as a GPU's is not): it renders whole passes only.</summary>
    private sealed class UniformOnly : IRenderBackend
    {
        public string Device => "test";

        public IPassRenderer Create(RenderScene scene, RenderOptions options) => new Passes(new PathIntegrator(scene));

        private sealed class Passes(PathIntegrator inner) : IPassRenderer
        {
            public RenderScene Scene => inner.Scene;

            public string Device => "test";

            public void Render(AccumulationBuffer film, PerspectiveCamera camera, int samplesPerPixel, RenderOptions options, CancellationToken cancellationToken) =>
                inner.Render(film, camera, samplesPerPixel, options, cancellationToken);
        }
    }
}
