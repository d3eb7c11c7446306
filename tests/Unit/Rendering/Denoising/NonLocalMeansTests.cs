using System.Numerics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Denoising;

namespace OrleansBridge.Tests.Rendering.Denoising;

/// <summary>Non-local means, the filter of the light that scattered more than once.</summary>
public sealed class NonLocalMeansTests
{
    [Fact]
    public void Denoise_IndirectStepOnOneSurface_KeepsTheStepThatOnlyTheLightShows()
    {
        // One flat grey surface, no direct light; bounced light 0.2 left of x = 20 and 1.0 right of it (a caustic's
        // edge: normal and albedo are the same on both sides), with noise σ = 0.25 and that variance known.
        const int w = 40, h = 24, edge = 20;
        const float sigma = 0.25f;
        var input = Step(w, h, edge, sigma, seed: 17, out var truth);
        var output = new LinearImage(w, h);
        new AtrousDenoiser().Denoise(input, output);

        var sides = new double[2];
        for (var x = 0; x < w; x++)
        {
            double error = 0, noisy = 0, mean = 0;
            for (var y = 0; y < h; y++)
            {
                error += Squared(output[x, y].X - truth[x]) / h;
                noisy += Squared(input.Color[x, y].X - truth[x]) / h;
                mean += output[x, y].X / h;
            }

            sides[x < edge ? 0 : 1] += mean / (x < edge ? edge : w - edge);
            if (Math.Abs(x - edge + 0.5) < 2)
            {
                // The two columns either side of the step: a pixel whose patch straddles it matches the patches on
                // either side in two columns of three, so some light crosses (0.2 on this image), but far less than
                // a blur over the window would move (0.8 × 5/11 ≈ 0.36).
                Assert.True(Math.Abs(mean - truth[x]) < 0.25, $"column {x}: mean {mean:F3} against {truth[x]}");
            }
            else
            {
                // Away from it, most of the noise is gone.
                Assert.True(error < 0.1 * noisy, $"column {x}: squared error {error:F5}, noisy {noisy:F5}");
            }
        }

        // Each side keeps its light.
        Assert.True(Math.Abs(sides[0] - 0.2) < 0.1 * 0.2 && Math.Abs(sides[1] - 1.0) < 0.03, $"sides' means {sides[0]:F3} and {sides[1]:F3}, against 0.2 and 1");
    }

    [Fact]
    public void Denoise_SplitInput_SameBytesWhateverTheThreadsAndHeight()
    {
        // 29 rows: the last band of 8 is short, and the patches at the top and bottom reach past the image.
        const int w = 37, h = 29;
        var input = Step(w, h, edge: 15, sigma: 0.3f, seed: 5, out _);
        var random = new Random(6);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                input.Normal[x, y] = Vector3.Normalize(new Vector3(0.2f * NormalNoise.Gaussian(random), 0.2f * NormalNoise.Gaussian(random), 1f));
                input.Direct[x, y] = new Vector3(0.1f * random.NextSingle());
            }
        }

        var one = new LinearImage(w, h);
        var all = new LinearImage(w, h);
        var denoiser = new AtrousDenoiser();
        denoiser.Denoise(input, one, maxDegreeOfParallelism: 1);
        new AtrousDenoiser().Denoise(input, all);
        Assert.Equal(one.Pixels, all.Pixels);

        // The same denoiser again, its buffers reused: the same image.
        denoiser.Denoise(input, all, maxDegreeOfParallelism: 2);
        Assert.Equal(one.Pixels, all.Pixels);
    }

    /// <summary>A split input of one grey surface whose bounced light steps from 0.2 to 1.0 at <paramref name="edge"/>, noise σ <paramref name="sigma"/>.</summary>
    private static DenoiseInput Step(int w, int h, int edge, float sigma, int seed, out float[] truth)
    {
        var input = new DenoiseInput(w, h) { SplitsDirect = true };
        var random = new Random(seed);
        truth = new float[w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                truth[x] = x < edge ? 0.2f : 1f;
                input.Albedo[x, y] = new Vector3(0.5f);
                input.Normal[x, y] = Vector3.UnitZ;
                input.Color[x, y] = new Vector3(truth[x] + (sigma * NormalNoise.Gaussian(random)));
                input.DirectVariance[(y * w) + x] = 0f;

                // The luminance variance of an RGB value with this noise in every channel alike.
                input.Variance[(y * w) + x] = sigma * sigma;
            }
        }

        return input;
    }

    private static double Squared(double value) => value * value;
}
