using System.Numerics;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering;

public sealed class SamplingTests
{
    [Fact]
    public void SampleStream_SameKey_SameSequence_DifferentKeys_Differ()
    {
        var a = new SampleStream(1, 10, 20, 30);
        var b = new SampleStream(1, 10, 20, 30);
        var c = new SampleStream(1, 10, 20, 31);
        var d = new SampleStream(2, 10, 20, 30);
        var e = new SampleStream(1, 20, 10, 30);
        for (var i = 0; i < 16; i++)
        {
            var value = a.Next();
            Assert.Equal(value, b.Next());
            Assert.InRange(value, 0f, 0.99999995f);
            Assert.NotEqual(value, c.Next());
            Assert.NotEqual(value, d.Next());
            Assert.NotEqual(value, e.Next());
        }
    }

    [Fact]
    public void SampleStream_AcrossPixelsSamplesAndDimensions_IsUniform()
    {
        // Chi-square over 64 bins of 2^18 draws taken across pixels, samples and dimensions; the 99.99%
        // quantile of chi-square with 63 degrees of freedom is about 117.
        const int Bins = 64;
        var counts = new int[Bins];
        var draws = 0;
        for (var pixel = 0; pixel < 256; pixel++)
        {
            for (var sample = 0; sample < 64; sample++)
            {
                var stream = new SampleStream(7, pixel % 16, pixel / 16, sample);
                for (var dimension = 0; dimension < 16; dimension++)
                {
                    counts[(int)(stream.Next() * Bins)]++;
                    draws++;
                }
            }
        }

        var expected = draws / (double)Bins;
        var chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 117, $"chi-square {chi2:F1} over {Bins} bins");
    }

    [Fact]
    public void AliasTable_Frequencies_MatchWeights()
    {
        double[] weights = [1, 0, 3, 0.5, 10, 2.5];
        var table = new AliasTable(weights);
        var counts = new int[weights.Length];
        var stream = new SampleStream(99);
        const int N = 200_000;
        for (var i = 0; i < N; i++)
        {
            var index = table.Sample(stream.Next(), out var pmf);
            Assert.Equal(table.Pmf(index), pmf);
            counts[index]++;
        }

        var total = weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            var p = weights[i] / total;
            Assert.Equal(p, table.Pmf(i), 6);
            var sigma = Math.Sqrt(N * p * (1 - p));
            Assert.True(Math.Abs(counts[i] - (N * p)) <= (5 * sigma) + 1e-9, $"entry {i}: {counts[i]} draws, expected {N * p:F0} ± {sigma:F0}");
        }
    }

    [Fact]
    public void Distribution2D_SamplesFollowTheirPdf()
    {
        const int W = 8, H = 4;
        var function = new float[W * H];
        for (var i = 0; i < function.Length; i++)
        {
            function[i] = i % 5 == 0 ? 0f : 1f + (i % 7);
        }

        var distribution = new Distribution2D(function, W, H);
        var counts = new int[W * H];
        var stream = new SampleStream(3);
        const int N = 100_000;
        for (var i = 0; i < N; i++)
        {
            var uv = distribution.Sample(stream.Next2D(), out var pdf);
            Assert.Equal(distribution.Pdf(uv), pdf, 5);
            Assert.True(pdf > 0f, $"sampled a zero-density cell at {uv}");
            counts[(Math.Min((int)(uv.Y * H), H - 1) * W) + Math.Min((int)(uv.X * W), W - 1)]++;
        }

        var total = function.Sum();
        for (var i = 0; i < function.Length; i++)
        {
            var p = function[i] / total;
            var sigma = Math.Sqrt(N * p * (1 - p));
            Assert.True(Math.Abs(counts[i] - (N * p)) <= (5 * sigma) + 1e-9, $"cell {i}: {counts[i]} vs {N * p:F0}");
            Assert.Equal(p * W * H, distribution.Pdf(new Vector2(((i % W) + 0.5f) / W, ((i / W) + 0.5f) / H)), 4);
        }
    }

    [Fact]
    public void Warps_CosineAndSphere_StayOnTheirDomains()
    {
        var stream = new SampleStream(1);
        for (var i = 0; i < 10_000; i++)
        {
            var u = stream.Next2D();
            var c = Warp.CosineHemisphere(u);
            Assert.InRange(c.Length(), 0.9999f, 1.0001f);
            Assert.True(c.Z >= 0f);
            Assert.InRange(Warp.UniformSphere(u).Length(), 0.9999f, 1.0001f);
            var b = Warp.UniformTriangle(u);
            Assert.True(b.X >= 0f && b.Y >= 0f && b.X + b.Y <= 1.0001f);
        }

        Assert.Equal(1f, Warp.PowerHeuristic(1f, 0f));
        Assert.Equal(0.8f, Warp.PowerHeuristic(2f, 1f), 6);
    }
}
