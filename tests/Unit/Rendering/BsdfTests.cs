using System.Numerics;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering;

public sealed class BsdfTests
{
    private const int Samples = 40_000;

    [Theory]
    [InlineData(1.0f)]
    [InlineData(0.6f)]
    [InlineData(0.1f)]
    public void WhiteFurnace_Lambert_ReflectsExactlyEverything(float cosThetaO)
    {
        var bsdf = GltfBsdf.Lambert(Vector3.One);
        var wo = Direction(cosThetaO);
        var (mean, _, max) = Albedo(bsdf, wo, Samples, seed: 1);
        // Cosine sampling of a Lambertian: every weight is the albedo, up to float rounding.
        Assert.InRange(max, 0.9999, 1.0001);
        Assert.InRange(mean, 0.9999, 1.0001);
    }

    // Expected single-scattering albedos E(μo) of GGX with F = 1 and height-correlated Smith G2,
    // α = roughness², computed by an independent script (plain Python midpoint quadrature of
    // D·G2/(4μo) over a 1200 × 600 (cosθi, φ) grid, written from Heitz 2014, equations 71 and 99).
    // Single scattering loses energy that multiple scattering would return: 1% at roughness 0.3, 70%
    // at roughness 1 seen head-on, where half-vectors are uniformly distributed (D = 1/π).
    [Theory]
    [InlineData(0.3f, 1.0f, 0.9904)]
    [InlineData(0.3f, 0.7f, 0.9851)]
    [InlineData(0.3f, 0.3f, 0.9459)]
    [InlineData(0.5f, 1.0f, 0.9158)]
    [InlineData(0.5f, 0.7f, 0.8853)]
    [InlineData(0.5f, 0.3f, 0.8379)]
    [InlineData(0.8f, 1.0f, 0.5552)]
    [InlineData(0.8f, 0.7f, 0.5821)]
    [InlineData(0.8f, 0.3f, 0.6922)]
    [InlineData(1.0f, 1.0f, 0.3069)]
    [InlineData(1.0f, 0.7f, 0.3789)]
    [InlineData(1.0f, 0.3f, 0.5601)]
    public void WhiteFurnace_GgxConductor_NoGainAndLossMatchesSingleScattering(float roughness, float cosThetaO, double expected)
    {
        var bsdf = new GltfBsdf(Vector3.One, metallic: 1f, roughness);
        var wo = Direction(cosThetaO);
        var (mean, standardError, max) = Albedo(bsdf, wo, Samples, seed: (uint)(roughness * 100));

        // VNDF sampling weights are G2/G1 ≤ 1: no single sample may gain energy.
        Assert.True(max <= 1.0 + 1e-4, $"a sample weighs {max}");
        Assert.True(Math.Abs(mean - expected) <= (4.5 * standardError) + 1e-3, $"sampled {mean:F4} ± {standardError:F4}, expected {expected:F4}");
        var quadrature = Quadrature(bsdf, wo);
        Assert.True(Math.Abs(quadrature - expected) <= 2e-3, $"quadrature of Evaluate {quadrature:F4}, expected {expected:F4}");
    }

    [Fact]
    public void GltfBsdf_RandomParameters_ReciprocalAndNoEnergyGain()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 24; trial++)
        {
            var baseColor = new Vector3(random.NextSingle(), random.NextSingle(), random.NextSingle());
            var bsdf = new GltfBsdf(trial % 3 == 0 ? Vector3.One : baseColor, random.NextSingle(), 0.2f + (0.8f * random.NextSingle()));
            var wo = Direction(0.05f + (0.95f * random.NextSingle()), random.NextSingle() * 6.28f);
            var wi = Direction(0.05f + (0.95f * random.NextSingle()), random.NextSingle() * 6.28f);
            var forward = bsdf.Evaluate(wo, wi);
            var backward = bsdf.Evaluate(wi, wo);
            Assert.True(Vector3.Distance(forward, backward) <= 1e-4f * (1f + forward.Length()), $"trial {trial}: f(wo,wi) {forward} != f(wi,wo) {backward}");

            var (mean, standardError, _) = Albedo(bsdf, wo, 8_000, seed: (uint)trial);
            Assert.True(mean <= 1.0 + (4.5 * standardError), $"trial {trial}: albedo {mean:F4} ± {standardError:F4} gains energy");
        }
    }

    [Theory]
    [InlineData(0f, 0.5f, 0.8f)]
    [InlineData(1f, 0.4f, 0.5f)]
    [InlineData(0.5f, 0.9f, 0.3f)]
    public void GltfBsdf_SampledDirections_FollowReportedPdf(float metallic, float roughness, float cosThetaO)
    {
        // Chi-square of sampled directions over a (cosθ, φ) grid against the integral of Pdf over each cell.
        const int Theta = 10, Phi = 20, N = 60_000, Sub = 8;
        var bsdf = new GltfBsdf(new Vector3(0.8f, 0.6f, 0.4f), metallic, roughness);
        var wo = Direction(cosThetaO, 0.3f);
        var counts = new double[Theta * Phi];
        var stream = new SampleStream(5);
        for (var i = 0; i < N; i++)
        {
            if (bsdf.Sample(wo, stream.Next(), stream.Next2D(), out var wi, out _, out var pdf))
            {
                Assert.Equal(bsdf.Pdf(wo, wi), pdf, 3);
                counts[Cell(wi, Theta, Phi)]++;
            }
        }

        var chi2 = 0.0;
        var cells = 0;
        for (var t = 0; t < Theta; t++)
        {
            for (var p = 0; p < Phi; p++)
            {
                var expected = 0.0;
                for (var a = 0; a < Sub; a++)
                {
                    for (var b = 0; b < Sub; b++)
                    {
                        var mu = (t + ((a + 0.5) / Sub)) / Theta;
                        var phi = 2 * Math.PI * (p + ((b + 0.5) / Sub)) / Phi;
                        expected += bsdf.Pdf(wo, Direction((float)mu, (float)phi)) * (2 * Math.PI / (Theta * Phi * Sub * Sub));
                    }
                }

                expected *= N;
                if (expected > 5)
                {
                    chi2 += (counts[(t * Phi) + p] - expected) * (counts[(t * Phi) + p] - expected) / expected;
                    cells++;
                }
            }
        }

        // Loose bound: about the 99.99% quantile for ~200 degrees of freedom plus discretisation error.
        Assert.True(chi2 < cells * 1.5 + 60, $"chi-square {chi2:F0} over {cells} cells");
    }

    private static int Cell(Vector3 w, int theta, int phi)
    {
        var t = Math.Min((int)(w.Z * theta), theta - 1);
        var angle = MathF.Atan2(w.Y, w.X);
        var p = Math.Min((int)((angle < 0 ? angle + (2 * MathF.PI) : angle) / (2 * MathF.PI) * phi), phi - 1);
        return (t * phi) + p;
    }

    /// <summary>Mean, standard error and maximum of the luminance-free (green channel) sample weight f·cos/pdf.</summary>
    private static (double Mean, double StandardError, double Max) Albedo(GltfBsdf bsdf, Vector3 wo, int n, uint seed)
    {
        var stream = new SampleStream(seed);
        double sum = 0, sum2 = 0, max = 0;
        for (var i = 0; i < n; i++)
        {
            var w = bsdf.Sample(wo, stream.Next(), stream.Next2D(), out var wi, out var f, out var pdf) ? f.Y * wi.Z / pdf : 0f;
            sum += w;
            sum2 += w * w;
            max = Math.Max(max, w);
        }

        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (sum2 / n) - (mean * mean)) / n), max);
    }

    /// <summary>∫ f(wo, wi) cosθi dωi by the midpoint rule on a 1024 × 512 (cosθ, φ) grid.</summary>
    private static double Quadrature(GltfBsdf bsdf, Vector3 wo)
    {
        const int M = 1024, P = 512;
        var sum = 0.0;
        for (var i = 0; i < M; i++)
        {
            var mu = (i + 0.5f) / M;
            for (var j = 0; j < P; j++)
            {
                sum += bsdf.Evaluate(wo, Direction(mu, 2f * MathF.PI * (j + 0.5f) / P)).Y * mu;
            }
        }

        return sum * (2 * Math.PI / (M * (double)P));
    }

    private static Vector3 Direction(float cosTheta, float phi = 0f)
    {
        var sinTheta = MathF.Sqrt(MathF.Max(0f, 1f - (cosTheta * cosTheta)));
        return new Vector3(sinTheta * MathF.Cos(phi), sinTheta * MathF.Sin(phi), cosTheta);
    }
}
