using System.Numerics;
using OrleansBridge.Rendering.Denoising;
using OrleansBridge.Rendering.Integrators;

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
                // either side in two columns of three, so some light crosses (0.15–0.2 of the step's 0.8 on this
                // image when written), but less than a blur over the window would move (0.8 × 5/11 ≈ 0.36).
                Assert.True(Math.Abs(mean - truth[x]) < 0.3, $"column {x}: mean {mean:F3} against {truth[x]}");
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
        // 29 rows: a band of 16 and a short one of 13, and the patches at the top and bottom reach past the image.
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

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(1, 5)]
    [InlineData(2, 16)] // a window wider than the image
    public void Denoise_Rest_IsNonLocalMeansComputedPixelByPixel(int patch, int radius)
    {
        // 13 × 19: one band of 16 rows and a short one; light, albedo, normals, variances and the normals' variance
        // all vary in x and y. With no direct light and the outlier clamp off, the output is the rest's filter alone.
        const int w = 13, h = 19;
        var settings = new DenoiseSettings { FireflyFactor = 0f, IndirectPatchRadius = patch, IndirectSearchRadius = radius };
        var input = new DenoiseInput(w, h) { SplitsDirect = true };
        var random = new Random(8);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var light = 0.6f + (0.4f * MathF.Sin(0.7f * x) * MathF.Cos(0.5f * y)) + (x > 8 && y > 10 ? 1f : 0f);
                input.Color[x, y] = new Vector3(light + (0.1f * random.NextSingle()), light + (0.1f * random.NextSingle()), light);
                input.Albedo[x, y] = new Vector3(0.3f + (0.6f * random.NextSingle()), 0.5f, y < 6 ? 0.005f : 0.7f);
                input.Normal[x, y] = Vector3.Normalize(new Vector3(0.3f * NormalNoise.Gaussian(random), 0.3f * NormalNoise.Gaussian(random), 1f));
                input.NormalVariance[(y * w) + x] = 0.02f * random.NextSingle();
                input.Variance[(y * w) + x] = 0.005f + (0.05f * random.NextSingle());
                input.DirectVariance[(y * w) + x] = 0f;
            }
        }

        var output = new LinearImage(w, h);
        new AtrousDenoiser(settings).Denoise(input, output);
        var expected = ReferenceNonLocalMeans(input, settings);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(output.Pixels[i] - expected[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])), $"value {i}: {output.Pixels[i]} against {expected[i]}");
        }

        // Not the input: the filter did average.
        Assert.True(output.Pixels.Zip(input.Color.Pixels).Max(pair => Math.Abs(pair.First - pair.Second)) > 0.01f);
    }

    /// <summary>
    /// Non-local means as its documentation states it, one pixel, offset and patch pixel at a time: the demodulated colour
    /// c/max(a, 0.01), its luminance l and variance v (the known luminance variance over the floored albedo's luminance²);
    /// for each q = p + o inside the image, d = mean over the patch of [(l(p+i) − l(q+i))² − (v(p+i) + min(v(p+i), v(q+i)))] /
    /// (k²·(v(p+i) + v(q+i)) + 10⁻⁶), the patch pixel clamped to the image and then shifted by o (and clamped again); the
    /// feature distance (s_n·|Δn|² + |Δa|²/σ_a²) / (1 + leniency·s_n·(v_n(p) + v_n(q))), taps beyond 16 skipped; the weight
    /// exp(−(max(0, d) + features)); the weighted mean times the floored albedo.
    /// </summary>
    private static float[] ReferenceNonLocalMeans(DenoiseInput input, DenoiseSettings settings)
    {
        var (w, h) = (input.Width, input.Height);
        var floored = new Vector3[w * h];
        var demodulated = new Vector3[w * h];
        var luminance = new float[w * h];
        var variance = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = (y * w) + x;
                floored[p] = Vector3.Max(input.Albedo[x, y], new Vector3(0.01f));
                demodulated[p] = input.Color[x, y] / floored[p];
                luminance[p] = Luminance.Of(demodulated[p]);
                var albedoLuminance = Luminance.Of(floored[p]);
                variance[p] = input.Variance[p] / (albedoLuminance * albedoLuminance);
            }
        }

        var (f, r) = (settings.IndirectPatchRadius, settings.IndirectSearchRadius);
        var k2 = settings.IndirectPatchSigma * settings.IndirectPatchSigma;
        var sn = settings.IndirectNormalSharpness;
        var result = new float[3 * w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = (y * w) + x;
                var sum = Vector3.Zero;
                var weights = 0f;
                for (var dy = -r; dy <= r; dy++)
                {
                    for (var dx = -r; dx <= r; dx++)
                    {
                        var (qx, qy) = (x + dx, y + dy);
                        if (qx < 0 || qx >= w || qy < 0 || qy >= h)
                        {
                            continue;
                        }

                        var q = (qy * w) + qx;
                        var features = ((sn * Vector3.DistanceSquared(input.Normal[x, y], input.Normal[qx, qy]))
                            + (Vector3.DistanceSquared(input.Albedo[x, y], input.Albedo[qx, qy]) / (settings.AlbedoSigma * settings.AlbedoSigma)))
                            / (1f + (settings.MixedPixelLeniency * sn * (input.NormalVariance[p] + input.NormalVariance[q])));
                        if (features > 16f)
                        {
                            continue;
                        }

                        var d = 0f;
                        for (var j = -f; j <= f; j++)
                        {
                            for (var i = -f; i <= f; i++)
                            {
                                var (px, py) = (Math.Clamp(x + i, 0, w - 1), Math.Clamp(y + j, 0, h - 1));
                                var a = (py * w) + px;
                                var b = (Math.Clamp(py + dy, 0, h - 1) * w) + Math.Clamp(px + dx, 0, w - 1);
                                var step = luminance[a] - luminance[b];
                                d += ((step * step) - (variance[a] + Math.Min(variance[a], variance[b]))) / ((k2 * (variance[a] + variance[b])) + 1e-6f);
                            }
                        }

                        var weight = MathF.Exp(-(Math.Max(0f, d / (((2 * f) + 1) * ((2 * f) + 1))) + features));
                        sum += weight * demodulated[q];
                        weights += weight;
                    }
                }

                var value = sum / weights * floored[p];
                (result[3 * p], result[(3 * p) + 1], result[(3 * p) + 2]) = (value.X, value.Y, value.Z);
            }
        }

        return result;
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
