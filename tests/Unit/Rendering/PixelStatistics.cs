using System.Numerics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// Per-pixel sample mean and variance of an integrator's estimate (Welford, in double), for z-tests: the
/// same primary rays and sample streams as <see cref="ImageTileIntegrator.Render"/> uses.
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
