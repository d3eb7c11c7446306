using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Denoising;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering.Denoising;

/// <summary>The direct/indirect split, the firefly clamp and the features that feed them.</summary>
public sealed class DenoiserSplitTests
{
    [Fact]
    public void Denoise_SplitDirect_KeepsAShadowEdgeThatTheWholeColourBlurs()
    {
        // One flat grey surface: direct light 1 left of the shadow edge, 0 right of it, nearly noise-free;
        // indirect light 0.3 everywhere with noise σ = 0.25 (a few samples of bounced light).
        const int w = 40, h = 24, edge = 20;
        const float directSigma = 0.01f, indirectSigma = 0.25f;
        var split = new DenoiseInput(w, h) { SplitsDirect = true };
        var whole = new DenoiseInput(w, h);
        var random = new Random(11);
        var truth = new float[w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var direct = (x < edge ? 1f : 0f) + (directSigma * NormalNoise.Gaussian(random));
                var indirect = 0.3f + (indirectSigma * NormalNoise.Gaussian(random));
                truth[x] = (x < edge ? 1f : 0f) + 0.3f;
                foreach (var input in new[] { split, whole })
                {
                    input.Albedo[x, y] = new Vector3(0.5f);
                    input.Normal[x, y] = Vector3.UnitZ;
                    input.Color[x, y] = new Vector3(direct + indirect);
                }

                split.Direct[x, y] = new Vector3(direct);
                split.DirectVariance[(y * w) + x] = directSigma * directSigma;
                split.Variance[(y * w) + x] = indirectSigma * indirectSigma;
                whole.Variance[(y * w) + x] = (directSigma * directSigma) + (indirectSigma * indirectSigma);
            }
        }

        var denoiser = new AtrousDenoiser();
        var splitOutput = new LinearImage(w, h);
        var wholeOutput = new LinearImage(w, h);
        denoiser.Denoise(split, splitOutput);
        denoiser.Denoise(whole, wholeOutput);

        double splitError = 0, wholeError = 0, noisyError = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = edge - 3; x < edge + 3; x++)
            {
                splitError += Squared(splitOutput[x, y].X - truth[x]);
                wholeError += Squared(wholeOutput[x, y].X - truth[x]);
                noisyError += Squared(split.Color[x, y].X - truth[x]);
            }
        }

        // Beside the edge the split filter removes most of the noise and keeps the edge; filtering the
        // whole colour, whose noise hides the step, does markedly worse there.
        Assert.True(splitError < 0.25 * noisyError, $"six columns at the edge: squared error split {splitError:F3}, noisy {noisyError:F3}");
        Assert.True(splitError < 0.6 * wholeError, $"six columns at the edge: squared error split {splitError:F3}, whole colour {wholeError:F3}");
    }

    [Fact]
    public void Denoise_SpikyIndirectLight_KeepsTheMeanBrightness()
    {
        // Bounced light as a few samples see it: per pixel four samples, each 0 or 2.4 with chance 1/8
        // (mean 0.3), their mean and its variance as the film resolves them. The filter must not lose it.
        const int w = 48, h = 32, samples = 4;
        var input = new DenoiseInput(w, h) { SplitsDirect = true };
        var random = new Random(3);
        double inputSum = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                float sum = 0f, squares = 0f;
                for (var s = 0; s < samples; s++)
                {
                    var value = random.Next(8) == 0 ? 2.4f : 0f;
                    sum += value;
                    squares += value * value;
                }

                var mean = sum / samples;
                input.Color[x, y] = new Vector3(mean);
                input.Albedo[x, y] = new Vector3(0.5f);
                input.Normal[x, y] = Vector3.UnitZ;
                input.DirectVariance[(y * w) + x] = 0f;
                input.Variance[(y * w) + x] = MathF.Max(0f, (squares - (samples * mean * mean)) / (samples - 1)) / samples;
                inputSum += mean;
            }
        }

        // The outlier clamp off: it takes the pixels that rest on one spike, by design; this is about the weights.
        var output = new LinearImage(w, h);
        new AtrousDenoiser(new DenoiseSettings { FireflyFactor = 0f }).Denoise(input, output);
        var ratio = output.Pixels.Sum(v => (double)v) / 3 / inputSum;

        // Within 4% (0.967 with non-local means for the rest, 1.02 with the à-trous passes it had before, whose
        // luminance steps were measured in both pixels' noise; in the centre's noise alone, as for the direct
        // light, those passes kept 0.84 of it here).
        Assert.True(Math.Abs(ratio - 1.0) < 0.04, $"the filtered image holds {ratio:F3} of the light");
    }

    [Theory]
    [InlineData(400f, 4f, true)] // one bright sample: the mean's standard deviation equals the mean
    [InlineData(0.01f, 4f, false)] // converged: a real one-pixel highlight
    [InlineData(400f, 0f, false)] // the clamp turned off
    public void Denoise_OneBrightPixel_IsClampedOnlyWhenItRestsOnOneSample(float variance, float fireflyFactor, bool clamped)
    {
        const int w = 15, h = 15, cx = 7, cy = 7;
        var input = new DenoiseInput(w, h);
        var random = new Random(4);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                input.Color[x, y] = new Vector3(0.2f + (0.01f * NormalNoise.Gaussian(random)));
                input.Albedo[x, y] = new Vector3(0.5f);
                input.Normal[x, y] = Vector3.UnitZ;
                input.Variance[(y * w) + x] = 0.0001f;
            }
        }

        // Its normal matches no neighbour's (a highlight on a sphere a pixel wide), so the edge-stopping
        // filter alone leaves it as it is.
        input.Color[cx, cy] = new Vector3(20f);
        input.Normal[cx, cy] = Vector3.UnitX;
        input.Variance[(cy * w) + cx] = variance;
        var output = new LinearImage(w, h);
        new AtrousDenoiser(new DenoiseSettings { FireflyFactor = fireflyFactor }).Denoise(input, output);

        var centre = output[cx, cy].X;
        if (clamped)
        {
            // Bound: 4 × its brightest-but-one neighbour (0.2 and a little noise), before the filter blurs it further.
            Assert.True(centre < 1f, $"the outlier kept {centre:F3} of 20");
        }
        else
        {
            Assert.True(centre > 10f, $"the pixel fell to {centre:F3} of 20");
        }

        // Its neighbours are not lit by it either way (the dark pixels' own noise rejects it).
        Assert.True(output[cx + 1, cy].X < 0.4f, $"the neighbour rose to {output[cx + 1, cy].X:F3}");
    }

    [Fact]
    public void Render_OneBounce_DirectPartIsTheWholeImage_MoreBouncesAddTheRest()
    {
        var scene = RenderScene.Build(TestScenes.Mixed());
        var camera = TestScenes.Mixed().Camera;
        var options = new RenderOptions { Width = 32, Height = 24, SamplesPerPixel = 8, Seed = 5, Denoise = true, MaxBounces = 1 };

        // One bounce: every contribution is emission seen directly or light scattered once, added to the
        // direct part in the same order as to the colour.
        var once = Resolve(scene, camera, options);
        Assert.True(once.SplitsDirect);
        Assert.Equal(once.Color.Pixels, once.Direct.Pixels);
        Assert.True(once.Color.Pixels.Sum() > 0f);

        // Eight bounces: the direct part is the same light (same samples, same first-vertex decisions) and
        // the colour holds more.
        var many = Resolve(scene, camera, options with { MaxBounces = 8 });
        Assert.Equal(once.Direct.Pixels, many.Direct.Pixels);
        var direct = many.Direct.Pixels.Sum();
        var total = many.Color.Pixels.Sum();
        Assert.True(total > 1.05f * direct, $"colour {total:F2}, direct part {direct:F2}");
    }

    [Fact]
    public void Resolve_DirectPart_GivesItsMeanAndBothVariances()
    {
        var film = new AccumulationBuffer(1, 1, features: true);
        float[] direct = [1f, 1f, 3f, 3f];
        float[] rest = [0f, 2f, 0f, 2f];
        for (var i = 0; i < direct.Length; i++)
        {
            film.Add(0, 0, new Vector3(direct[i] + rest[i]), new SampleFeatures { Albedo = Vector3.One, Normal = Vector3.UnitZ, Direct = new Vector3(direct[i]) });
        }

        var input = new DenoiseInput(1, 1);
        film.Resolve(input);

        Assert.True(input.SplitsDirect);
        Assert.Equal(new Vector3(3f), input.Color[0, 0]);
        Assert.Equal(new Vector3(2f), input.Direct[0, 0]);

        // Sample variance of 1, 1, 3, 3 and of 0, 2, 0, 2 is 4/3 each; the mean of four has a quarter of it
        // (the totals 1, 3, 3, 5 have 8/3: each part's noise is its own).
        Assert.Equal(1f / 3f, input.DirectVariance[0], 1e-5f);
        Assert.Equal(1f / 3f, input.Variance[0], 1e-5f);
    }

    private static DenoiseInput Resolve(RenderScene scene, CameraData camera, RenderOptions options)
    {
        var renderer = new ProgressiveRenderer(scene, camera, options);
        renderer.RenderToCompletion(options.SamplesPerPixel);
        var input = new DenoiseInput(options.Width, options.Height);
        renderer.Film.Resolve(input);
        return input;
    }

    private static double Squared(double value) => value * value;
}
