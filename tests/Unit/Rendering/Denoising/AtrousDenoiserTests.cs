using System.Numerics;
using System.Security.Cryptography;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Denoising;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering.Denoising;

public sealed class AtrousDenoiserTests
{
    private const int Width = 64;
    private const int Height = 48;

    private static readonly Lazy<(RenderScene Scene, float[] Reference)> Mixed = new(() =>
    {
        var scene = RenderScene.Build(TestScenes.Mixed());
        var reference = Render(scene, 512, seed: 1000, denoise: false).Film.Resolve().Pixels;
        return (scene, reference);
    });

    [Theory]
    [InlineData(1, 0.5)] // variance from the neighbourhood (too few samples of its own)
    [InlineData(4, 0.6)] // each pixel's own variance
    public void Denoise_LowSppRender_HasLowerRelMseAgainstAHighSppReference(int spp, double maxRatio)
    {
        var (scene, reference) = Mixed.Value;
        var renderer = Render(scene, spp, seed: 7, denoise: true);
        var noisy = RelativeMse(renderer.Film.Resolve().Pixels, reference);
        var denoised = RelativeMse(renderer.Resolve().Pixels, reference);

        Assert.True(denoised < maxRatio * noisy, $"{spp} spp: relMSE denoised {denoised:F5}, noisy {noisy:F5} (ratio {denoised / noisy:F3}, at most {maxRatio})");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Denoise_TwoMaterialStep_KeepsTheEdgeAndFiltersEachSide(bool knownVariance, bool split)
    {
        // Left: red, facing the camera, irradiance 1; right: blue, facing +X, irradiance 3. Noise σ = 0.3. Split: all of
        // it bounced light (no direct part), as the film splits a render, so the rest goes through non-local means.
        // Whole: the colour through the à-trous passes, 3 of them (the default 2 is tuned for the direct light's low noise).
        const int w = 40, h = 24, edge = 20;
        var input = new DenoiseInput(w, h) { SplitsDirect = split };
        var random = new Random(5);
        var truth = new Vector3[w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var left = x < edge;
                var albedo = left ? new Vector3(0.8f, 0.2f, 0.2f) : new Vector3(0.2f, 0.3f, 0.9f);
                truth[x] = albedo * (left ? 1f : 3f);
                input.Albedo[x, y] = albedo;
                input.Normal[x, y] = left ? Vector3.UnitZ : Vector3.UnitX;
                input.Color[x, y] = truth[x] + (0.3f * new Vector3(NormalNoise.Gaussian(random), NormalNoise.Gaussian(random), NormalNoise.Gaussian(random)));
                input.Variance[(y * w) + x] = knownVariance ? 0.09f * (0.2126f + 0.7152f + 0.0722f) : -1f;
                input.DirectVariance[(y * w) + x] = 0f;
            }
        }

        var output = new LinearImage(w, h);
        new AtrousDenoiser(split ? null : new DenoiseSettings { Iterations = 3 }).Denoise(input, output);

        for (var x = 0; x < w; x++)
        {
            var noisyError = 0.0;
            var error = 0.0;
            for (var y = 0; y < h; y++)
            {
                noisyError += Vector3.DistanceSquared(input.Color[x, y], truth[x]) / h;
                error += Vector3.DistanceSquared(output[x, y], truth[x]) / h;
            }

            // Next to the step as everywhere else: no light of the other side comes across (a blur
            // without edge-stopping would move the column beside the step by ~1 in this image)…
            Assert.True(error < 0.02, $"column {x}: mean squared error {error:F4} against its own side's value {truth[x]}");

            // …and the noise is mostly gone on both sides.
            Assert.True(error < 0.25 * noisyError, $"column {x}: mean squared error {error:F4}, noisy {noisyError:F4}");
        }
    }

    [Fact]
    public void Denoise_SameInput_SameBytesWhateverTheThreads()
    {
        var scene = RenderScene.Build(TestScenes.Mixed());
        var a = Render(scene, 2, seed: 3, denoise: true);
        var b = Render(scene, 2, seed: 3, denoise: true, threads: 1);
        var first = Hash(a.Resolve());
        Assert.Equal(first, Hash(a.Resolve()));
        Assert.Equal(first, Hash(b.Resolve()));
        Assert.NotEqual(Hash(a.Film.Resolve()), first);

        // Keeping features does not change the samples: the undenoised film is the one rendered without them.
        Assert.Equal(Hash(Render(scene, 2, seed: 3, denoise: false).Film.Resolve()), Hash(a.Film.Resolve()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Denoise_ConstantImage_StaysConstant(bool knownVariance)
    {
        // Constant colour and albedo; normals vary (random directions) and so do the edge weights: every
        // output pixel is a normalised average of equal values.
        const int w = 33, h = 17;
        var colour = new Vector3(0.3f, 0.5f, 0.7f);
        var input = new DenoiseInput(w, h);
        var random = new Random(9);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                input.Color[x, y] = colour;
                input.Albedo[x, y] = new Vector3(0.6f, 0.4f, 0.2f);
                input.Normal[x, y] = Vector3.Normalize(new Vector3(NormalNoise.Gaussian(random), NormalNoise.Gaussian(random), NormalNoise.Gaussian(random)));
                input.Variance[(y * w) + x] = knownVariance ? 0f : -1f;
            }
        }

        var output = new LinearImage(w, h);
        new AtrousDenoiser().Denoise(input, output);
        for (var i = 0; i < output.Pixels.Length; i++)
        {
            Assert.Equal(input.Color.Pixels[i], output.Pixels[i], 1e-6f);
        }
    }

    [Fact]
    public void Resolve_Features_GiveMeansAndTheMeansVariance()
    {
        var film = new AccumulationBuffer(2, 1, features: true);
        float[] luminances = [1f, 2f, 3f, 4f];
        foreach (var l in luminances)
        {
            film.Add(0, 0, new Vector3(l), new SampleFeatures { Albedo = new Vector3(l / 10f, 0.5f, 0f), Normal = Vector3.UnitY });
        }

        film.Add(1, 0, new Vector3(2f), SampleFeatures.Escaped);
        var input = new DenoiseInput(2, 1);
        film.Resolve(input);

        Assert.Equal(new Vector3(2.5f), input.Color[0, 0]);
        Assert.Equal(0.25f, input.Albedo[0, 0].X, 1e-6f);
        Assert.Equal(Vector3.UnitY, input.Normal[0, 0]);

        // Sample variance of 1, 2, 3, 4 is 5/3; the mean of four has a quarter of it.
        Assert.Equal(5f / 12f, input.Variance[0], 1e-5f);

        // One sample: too few for a variance of its own.
        Assert.Equal(-1f, input.Variance[1]);
        Assert.Equal(Vector3.One, input.Albedo[1, 0]);
        Assert.Equal(Vector3.Zero, input.Normal[1, 0]);
        Assert.Throws<InvalidOperationException>(() => new AccumulationBuffer(2, 1).Resolve(input));
    }

    private static ProgressiveRenderer Render(RenderScene scene, int spp, uint seed, bool denoise, int threads = -1)
    {
        var options = new RenderOptions { Width = Width, Height = Height, SamplesPerPixel = spp, Seed = seed, Denoise = denoise, MaxDegreeOfParallelism = threads };
        var renderer = new ProgressiveRenderer(scene, TestScenes.Mixed().Camera, options);
        renderer.RenderToCompletion(Math.Max(1, spp / 4));
        return renderer;
    }

    /// <summary>Mean over pixels and channels of (x − ref)² / (ref² + 0.01), as <c>bench sampling</c> measures.</summary>
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

    private static string Hash(LinearImage image) =>
        Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.Pixels.AsSpan())));
}
