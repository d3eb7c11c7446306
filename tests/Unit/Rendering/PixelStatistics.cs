using System.Numerics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// Per-pixel sample mean and variance of an integrator's estimate (Welford, in double), for z-tests: the
/// same primary rays and sample streams as <see cref="ImageTileIntegrator.Render(AccumulationBuffer, PerspectiveCamera, int, OrleansBridge.Rendering.Scene.RenderOptions, CancellationToken)"/> uses.
/// </summary>
public sealed class PixelStatistics
{
    private PixelStatistics(int width, int height, int samples, double[] mean, double[] variance)
    {
        Width = width;
        Height = height;
        Samples = samples;
        Mean = mean;
        Variance = variance;
    }

    public int Width { get; }

    public int Height { get; }

    public int Samples { get; }

    /// <summary>Mean per pixel and channel (R, G, B interleaved).</summary>
    public double[] Mean { get; }

    /// <summary>Unbiased sample variance of one sample, per pixel and channel.</summary>
    public double[] Variance { get; }

    /// <summary>
    /// Two independent estimates of the same image: per-value z-scores should be standard normal. Fails
    /// when more than 1% exceed 3.5σ (expected: 0.05%) or the mean z-score is off by more than 4/√n,
    /// naming the worst pixel.
    /// </summary>
    public static void AssertSameExpectation(PixelStatistics a, PixelStatistics b, string what)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var zs = new List<double>();
        for (var i = 0; i < a.Mean.Length; i++)
        {
            var se = Math.Sqrt((a.Variance[i] / a.Samples) + (b.Variance[i] / b.Samples));
            if (se > 1e-7)
            {
                zs.Add((a.Mean[i] - b.Mean[i]) / se);
            }
        }

        Assert.True(zs.Count > 100, $"{what}: only {zs.Count} values with variance");
        var outliers = zs.Count(z => Math.Abs(z) > 3.5);
        var worst = Enumerable.Range(0, a.Mean.Length).MaxBy(i => Math.Abs(a.Mean[i] - b.Mean[i]) / Math.Max(1e-9, Math.Sqrt((a.Variance[i] / a.Samples) + (b.Variance[i] / b.Samples))));
        Assert.True(outliers <= Math.Max(2, zs.Count / 100),
            $"{what}: {outliers} of {zs.Count} values beyond 3.5σ; worst {zs.MaxBy(Math.Abs):F2} at pixel {worst / 3 % a.Width},{worst / 3 / a.Width}: " +
            $"{a.Mean[worst]:G4} ± {a.StandardError(worst):G3} vs {b.Mean[worst]:G4} ± {b.StandardError(worst):G3}");
        var meanZ = zs.Average();
        Assert.True(Math.Abs(meanZ) < 4.0 / Math.Sqrt(zs.Count), $"{what}: mean z-score {meanZ:F3} over {zs.Count} values");
    }

    /// <summary>Variance of the mean: the squared standard error.</summary>
    public double StandardError(int index) => Math.Sqrt(Variance[index] / Samples);

    public static PixelStatistics Measure(ImageTileIntegrator integrator, PerspectiveCamera camera, int samples, uint seed)
    {
        int w = camera.Width, h = camera.Height;
        var mean = new double[w * h * 3];
        var m2 = new double[w * h * 3];
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var i = 3 * ((y * w) + x);
                for (var n = 0; n < samples; n++)
                {
                    var sampler = new PixelSampler(seed, x, y, n);
                    var ray = camera.GenerateRay(x, y, ref sampler);
                    var value = integrator.Li(ray, ref sampler);
                    Accumulate(mean, m2, i, n + 1, value);
                }
            }
        });

        var variance = m2.Select(v => samples > 1 ? v / (samples - 1) : 0.0).ToArray();
        return new PixelStatistics(w, h, samples, mean, variance);
    }

    /// <summary>
    /// Statistics from running sums and sums of squares per pixel and channel (a device's film): the
    /// mean and the unbiased sample variance, computed in double.
    /// </summary>
    public static PixelStatistics FromSums(int width, int height, int samples, ReadOnlySpan<float> sums, ReadOnlySpan<float> squares)
    {
        var mean = new double[sums.Length];
        var variance = new double[sums.Length];
        for (var i = 0; i < sums.Length; i++)
        {
            mean[i] = sums[i] / (double)samples;
            variance[i] = samples > 1 ? Math.Max(0.0, (squares[i] - (samples * mean[i] * mean[i])) / (samples - 1)) : 0.0;
        }

        return new PixelStatistics(width, height, samples, mean, variance);
    }

    private static void Accumulate(double[] mean, double[] m2, int i, int count, Vector3 value)
    {
        ReadOnlySpan<double> v = [value.X, value.Y, value.Z];
        for (var c = 0; c < 3; c++)
        {
            var delta = v[c] - mean[i + c];
            mean[i + c] += delta / count;
            m2[i + c] += delta * (v[c] - mean[i + c]);
        }
    }
}
