using System.Numerics;
using OrleansBridge.Rendering.Denoising;
using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Tests.Rendering.Denoising;

/// <summary>Pixels whose few samples see surfaces facing apart: the mean normal's variance that marks them, and what the filter does with it.</summary>
public sealed class MixedPixelTests
{
    private const int Width = 32;
    private const int Height = 24;
    private const int Edge = 16;
    private const int Samples = 4;
    private const float Albedo = 0.5f;

    /// <summary>Where the light comes from: 45° off the flat surface's normal.</summary>
    private static readonly Vector3 Light = Vector3.Normalize(new Vector3(1f, 0f, 1f));

    /// <summary>The smooth surface right of the edge, turned 90° from the bumpy one: it faces the light at 45° too, so only its normal tells them apart.</summary>
    private const float SmoothShading = Albedo * 0.7071068f;

    [Fact]
    public void Resolve_NormalVariance_IsTheVarianceOfTheMeanNormal_EscapedRaysCountingAsZeroNormals()
    {
        var film = new AccumulationBuffer(4, 1, features: true);
        var hit = new SampleFeatures { Albedo = Vector3.One, Normal = Vector3.UnitZ };
        foreach (var normal in new[] { Vector3.UnitX, Vector3.UnitX, Vector3.UnitZ, Vector3.UnitZ })
        {
            film.Add(0, 0, Vector3.One, new SampleFeatures { Albedo = Vector3.One, Normal = normal });
            film.Add(1, 0, Vector3.One, hit);
            film.Add(2, 0, Vector3.Zero, SampleFeatures.Escaped);
        }

        film.Add(3, 0, Vector3.One, hit);
        film.Add(3, 0, Vector3.One, hit);
        film.Add(3, 0, Vector3.Zero, SampleFeatures.Escaped);
        film.Add(3, 0, Vector3.Zero, SampleFeatures.Escaped);
        var input = new DenoiseInput(4, 1);
        film.Resolve(input);

        // Mean normal (0.5, 0, 0.5): 1 − 0.5 = 0.5 is the four normals' variance summed over the components; a quarter of it is their mean's.
        Assert.Equal(0.125f, input.NormalVariance[0], 1e-6f);

        // Four alike, or four escaped rays (background: every sample the same), have none.
        Assert.Equal(0f, input.NormalVariance[1], 1e-6f);
        Assert.Equal(0f, input.NormalVariance[2], 1e-6f);

        // Two hits and two escaped rays: normals (0, 0, 1) twice and zero twice, mean (0, 0, 0.5): 0.5 − 0.25 over 4.
        Assert.Equal(0.0625f, input.NormalVariance[3], 1e-6f);
    }

    [Fact]
    public void Clear_ForgetsTheNormalsToo_TheNextSamplesAloneGiveTheVariance()
    {
        // Before a camera move the pixel saw surfaces facing apart; after it, one surface.
        var film = new AccumulationBuffer(1, 1, features: true);
        foreach (var normal in new[] { Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, -Vector3.UnitX })
        {
            film.Add(0, 0, Vector3.One, new SampleFeatures { Albedo = Vector3.One, Normal = normal });
        }

        film.Clear();
        for (var i = 0; i < Samples; i++)
        {
            film.Add(0, 0, Vector3.One, new SampleFeatures { Albedo = Vector3.One, Normal = Vector3.UnitZ });
        }

        var input = new DenoiseInput(1, 1);
        film.Resolve(input);
        Assert.Equal(0f, input.NormalVariance[0], 1e-6f);
    }

    [Fact]
    public void Denoise_SubPixelBumps_AveragesTheSurfaceAndKeepsItsEdge()
    {
        var input = BumpsBesideASmoothSurface(new Random(5), out var bumpyTruth);
        var strict = new LinearImage(Width, Height);
        var lenient = new LinearImage(Width, Height);
        new AtrousDenoiser(new DenoiseSettings { MixedPixelLeniency = 0f }).Denoise(input, strict);
        new AtrousDenoiser(new DenoiseSettings()).Denoise(input, lenient);

        double noisy = 0, strictBumps = 0, lenientBumps = 0, smoothError = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (x < Edge)
                {
                    noisy += Squared(input.Color[x, y].X - bumpyTruth);
                    strictBumps += Squared(strict[x, y].X - bumpyTruth);
                    lenientBumps += Squared(lenient[x, y].X - bumpyTruth);
                }
                else
                {
                    smoothError = Math.Max(smoothError, Math.Abs(lenient[x, y].X - SmoothShading));
                }
            }
        }

        // Each pixel's four bump normals make its mean normal noisy. Measured with fixed thresholds, that noise alone
        // rejects most neighbours of the same surface; measured against its own variance, they are averaged.
        Assert.True(lenientBumps < 0.5 * strictBumps, $"bumpy surface, squared error: lenient {lenientBumps:F4}, strict {strictBumps:F4}, noisy {noisy:F4}");

        // The smooth surface (clean normals, another direction) takes in none of the bumpy one's light.
        Assert.True(smoothError < 0.02 * SmoothShading, $"smooth surface: largest error {smoothError:F5} of {SmoothShading:F3}");
    }

    /// <summary>
    /// Left of <see cref="Edge"/>, a flat surface with sub-pixel bumps: each sample's normal is tilted at random and its
    /// light is the albedo × n·l (<paramref name="bumpyTruth"/>: its expectation, from many samples). Right of it, a
    /// smooth surface facing +X whose every sample sees <see cref="SmoothShading"/>. The film's means and variances, as
    /// <see cref="AccumulationBuffer"/> resolves them.
    /// </summary>
    private static DenoiseInput BumpsBesideASmoothSurface(Random random, out float bumpyTruth)
    {
        var expected = 0.0;
        const int draws = 200_000;
        for (var i = 0; i < draws; i++)
        {
            expected += Bump(random).Shading;
        }

        bumpyTruth = (float)(expected / draws);
        var film = new AccumulationBuffer(Width, Height, features: true);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                for (var i = 0; i < Samples; i++)
                {
                    var (normal, shading) = x < Edge ? Bump(random) : (Vector3.UnitX, SmoothShading);
                    film.Add(x, y, new Vector3(shading), new SampleFeatures { Albedo = new Vector3(Albedo), Normal = normal, Direct = new Vector3(shading) });
                }
            }
        }

        var input = new DenoiseInput(Width, Height);
        film.Resolve(input);
        return input;
    }

    /// <summary>One sample of the bumpy surface: a normal tilted from +Z by a slope of about 0.4 each way, and its light.</summary>
    private static (Vector3 Normal, float Shading) Bump(Random random)
    {
        var normal = Vector3.Normalize(new Vector3(0.4f * NormalNoise.Gaussian(random), 0.4f * NormalNoise.Gaussian(random), 1f));
        return (normal, Albedo * MathF.Max(0f, Vector3.Dot(normal, Light)));
    }

    private static double Squared(double value) => value * value;
}
