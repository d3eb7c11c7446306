using System.Numerics;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;
using Xunit.Abstractions;
using static OrleansBridge.Tests.Rendering.BsdfEstimates;

namespace OrleansBridge.Tests.Rendering;

public sealed class BsdfTests(ITestOutputHelper output)
{
    private const int Samples = 40_000;

    // How far the GGX albedo table's bilinear interpolation may be from the albedo it stands for: the
    // largest difference seen against the independent quadrature below is 1.4·10⁻³ (roughness 0.3,
    // head-on, where E bends most between nodes), and the quadratures' own error is ~10⁻⁴.
    private const double TableTolerance = 2.5e-3;

    // The midpoint grid of Quadrature does not resolve a glossy lobe seen within a few degrees of the
    // horizon (at roughness 0.3 and μo 0.02 it finds 0.968 where 40,000 samples find 1.000 ± 0.001):
    // below this cosine only the sampled estimate is checked.
    private const float QuadratureMinCos = 0.1f;

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
    // Single scattering loses energy that multiple scattering returns: 1% at roughness 0.3, 70% at
    // roughness 1 seen head-on, where half-vectors are uniformly distributed (D = 1/π).
    public static TheoryData<float, float, double> SingleScatteringAlbedos => new()
    {
        { 0.3f, 1.0f, 0.9904 }, { 0.3f, 0.7f, 0.9851 }, { 0.3f, 0.3f, 0.9459 },
        { 0.5f, 1.0f, 0.9158 }, { 0.5f, 0.7f, 0.8853 }, { 0.5f, 0.3f, 0.8379 },
        { 0.8f, 1.0f, 0.5552 }, { 0.8f, 0.7f, 0.5821 }, { 0.8f, 0.3f, 0.6922 },
        { 1.0f, 1.0f, 0.3069 }, { 1.0f, 0.7f, 0.3789 }, { 1.0f, 0.3f, 0.5601 },
    };

    [Theory]
    [MemberData(nameof(SingleScatteringAlbedos))]
    public void GgxEnergyTable_WhiteConductor_MatchesIndependentSingleScatteringAlbedo(float roughness, float cosThetaO, double expected)
    {
        GgxEnergy.Directional(cosThetaO, roughness * roughness, out var a, out var b);
        output.WriteLine($"r {roughness} mu {cosThetaO}: table {a + b:F5} expected {expected:F4} diff {a + b - expected:E2}");
        Assert.True(Math.Abs(a + b - expected) <= TableTolerance, $"table E = {a + b:F4}, independent quadrature {expected:F4}");
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    [InlineData(1.0f)]
    public void WhiteFurnace_RoughWhiteConductor_ReflectsEverythingAtEveryAngle(float roughness)
    {
        // Multiple-scattering compensation: the white conductor's albedo is E + (1 − E) = 1 up to the
        // table's interpolation error (TableTolerance), sampled and integrated.
        var bsdf = new GltfBsdf(Vector3.One, metallic: 1f, roughness);
        foreach (var cosThetaO in new[] { 1f, 0.7f, 0.3f, 0.1f, 0.02f })
        {
            var wo = Direction(cosThetaO);
            var (mean, standardError, max) = Albedo(bsdf, wo, Samples, seed: (uint)(roughness * 100));
            var quadrature = Quadrature(bsdf, wo);
            output.WriteLine($"r {roughness} mu {cosThetaO}: sampled {mean:F5} ± {standardError:F5} (max weight {max:F3}), quadrature {quadrature:F5}");
            Assert.True(Math.Abs(mean - 1.0) <= (4.5 * standardError) + TableTolerance, $"μo {cosThetaO}: sampled {mean:F4} ± {standardError:F4}");
            Assert.True(cosThetaO < QuadratureMinCos || Math.Abs(quadrature - 1.0) <= TableTolerance, $"μo {cosThetaO}: quadrature of Evaluate {quadrature:F4}");
        }
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(0.6f)]
    [InlineData(1.0f)]
    public void WhiteFurnace_Dielectric_WhiteReflectsEverythingAndNoneGains(float roughness)
    {
        // The diffuse lobe's albedo scaling by 1 − E_s(μo): a white dielectric reflects 1 at every
        // angle (the specification's 1 − F(v·h) weighting gave 1.12 at μo 0.3 and 1.37 at μo 0.01 for
        // roughness 0.3), a coloured one never more than 1.
        foreach (var color in new[] { Vector3.One, new Vector3(0.9f, 0.5f, 0.1f) })
        {
            var bsdf = new GltfBsdf(color, metallic: 0f, roughness);
            foreach (var cosThetaO in new[] { 1f, 0.7f, 0.3f, 0.1f, 0.01f })
            {
                var wo = Direction(cosThetaO);
                var quadrature = Quadrature(bsdf, wo);
                var (mean, standardError, _) = Albedo(bsdf, wo, Samples, seed: (uint)(roughness * 10));
                output.WriteLine($"colour {color} r {roughness} mu {cosThetaO}: quadrature {quadrature:F5}, sampled {mean:F5} ± {standardError:F5}");
                Assert.True(quadrature <= 1.0 + TableTolerance, $"{color}, μo {cosThetaO}: quadrature {quadrature:F4} gains energy");
                Assert.True(mean <= 1.0 + (4.5 * standardError) + TableTolerance, $"{color}, μo {cosThetaO}: sampled {mean:F4} ± {standardError:F4} gains energy");
                if (color == Vector3.One)
                {
                    Assert.True(cosThetaO < QuadratureMinCos || Math.Abs(quadrature - 1.0) <= TableTolerance, $"white, μo {cosThetaO}: quadrature {quadrature:F4}");
                    Assert.True(Math.Abs(mean - 1.0) <= (4.5 * standardError) + TableTolerance, $"white, μo {cosThetaO}: sampled {mean:F4} ± {standardError:F4}");
                }
            }
        }
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
}
