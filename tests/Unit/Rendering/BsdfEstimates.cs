using System.Numerics;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering;

/// <summary>Monte Carlo estimates and directions shared by the BSDF tests.</summary>
internal static class BsdfEstimates
{
    /// <summary>Mean, standard error and maximum of one channel's sample weight f·|cos|/pdf (green unless told).</summary>
    public static (double Mean, double StandardError, double Max) Albedo(GltfBsdf bsdf, Vector3 wo, int n, uint seed, int channel = 1)
    {
        var stream = new SampleStream(seed);
        double sum = 0, sum2 = 0, max = 0;
        for (var i = 0; i < n; i++)
        {
            var w = bsdf.Sample(wo, stream.Next(), stream.Next2D(), out var wi, out var f, out var pdf) ? f[channel] * MathF.Abs(wi.Z) / pdf : 0f;
            sum += w;
            sum2 += w * w;
            max = Math.Max(max, w);
        }

        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (sum2 / n) - (mean * mean)) / n), max);
    }

    /// <summary>The unit direction at cosine <paramref name="cosTheta"/> from +Z and azimuth <paramref name="phi"/>.</summary>
    public static Vector3 Direction(float cosTheta, float phi = 0f)
    {
        var sinTheta = MathF.Sqrt(MathF.Max(0f, 1f - (cosTheta * cosTheta)));
        return new Vector3(sinTheta * MathF.Cos(phi), sinTheta * MathF.Sin(phi), cosTheta);
    }
}
