using System.Numerics;
using System.Runtime.Intrinsics;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering;

public sealed class PixelSamplerTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(256)]
    [InlineData(1024)]
    public void FirstPowerOfTwoSamples_EachGroupsFirstTwoDimensions_OnePointPerElementaryInterval(int count)
    {
        // A (0, m, 2)-net: for every split m = p + q, each box of 2^-p × 2^-q holds exactly one point.
        var m = BitOperations.Log2((uint)count);
        foreach (var (x, y) in new[] { (0, 0), (17, 3), (639, 359) })
        {
            for (var group = 0; group < 6; group++)
            {
                var points = Points(seed: 4, x, y, group, count);
                for (var p = 0; p <= m; p++)
                {
                    var q = m - p;
                    var cells = new int[count];
                    foreach (var v in points)
                    {
                        cells[((int)(v.X * (1 << p)) << q) + (int)(v.Y * (1 << q))]++;
                    }

                    Assert.True(cells.All(c => c == 1), $"pixel ({x}, {y}) group {group}, {count} samples: boxes 2^-{p} × 2^-{q} hold {cells.Min()}..{cells.Max()} points");
                }

                // Each dimension alone is stratified: one point per interval of 1/count.
                for (var d = 0; d < 4; d++)
                {
                    var intervals = new int[count];
                    foreach (var v in points)
                    {
                        intervals[(int)(Component(v, d) * count)]++;
                    }

                    Assert.True(intervals.All(c => c == 1), $"pixel ({x}, {y}) group {group} dimension {d}: {intervals.Count(c => c == 0)} empty intervals");
                }
            }
        }
    }

    [Fact]
    public void OtherProjections_AreNetsWithSmallT_AndBeatIndependentRandomNumbers()
    {
        // The other pairs of Sobol's first four dimensions are (t, 8, 2)-nets with t ≤ 2: every box of
        // 2^-p × 2^-q with p + q = 6 holds exactly 4 of 256 points. So an 8 × 8 grid is exactly balanced
        // (chi-square 0), where 256 independent points give about 63 ± 11.
        const int Count = 256;
        for (var a = 0; a < 4; a++)
        {
            for (var b = a + 1; b < 4; b++)
            {
                double stratified = 0, random = 0;
                for (var pixel = 0; pixel < 16; pixel++)
                {
                    var points = Points(seed: 9, pixel, 2 * pixel, group: pixel % 5, Count);
                    var pairs = points.Select(v => new Vector2(Component(v, a), Component(v, b))).ToArray();
                    for (var p = 0; p <= 6; p++)
                    {
                        var cells = new int[64];
                        foreach (var v in pairs)
                        {
                            cells[((int)(v.X * (1 << p)) << (6 - p)) + (int)(v.Y * (1 << (6 - p)))]++;
                        }

                        Assert.True(cells.All(c => c == 4), $"dimensions ({a}, {b}), pixel {pixel}: boxes 2^-{p} × 2^-{6 - p} hold {cells.Min()}..{cells.Max()} points");
                    }

                    stratified += GridChiSquare(pairs, 8);
                    var stream = new SampleStream((ulong)((pixel * 7) + a + (10 * b)));
                    random += GridChiSquare(Enumerable.Range(0, Count).Select(_ => stream.Next2D()), 8);
                }

                Assert.True(stratified < 0.1 * random, $"dimensions ({a}, {b}): chi-square {stratified:F0} vs {random:F0} for independent numbers");
                Assert.InRange(random / 16, 40, 90);
            }
        }
    }

    [Fact]
    public void DifferentGroupsAndPixels_AreNotCorrelated()
    {
        // Padding by shuffling: the same dimension of two groups (or of two pixels) must look like two
        // independent sequences, not like a scrambled copy of each other (which would sit on a curve and
        // give a tiny or a huge chi-square on the grid).
        const int Count = 1024;
        var groupPairs = 0.0;
        var pixelPairs = 0.0;
        for (var i = 0; i < 8; i++)
        {
            var first = Points(seed: 1, i, 5, group: i, Count);
            var next = Points(seed: 1, i, 5, group: i + 1, Count);
            var neighbour = Points(seed: 1, i + 1, 5, group: i, Count);
            groupPairs += GridChiSquare(first.Zip(next, (p, q) => new Vector2(p.X, q.X)), 16) / 8;
            pixelPairs += GridChiSquare(first.Zip(neighbour, (p, q) => new Vector2(p.Y, q.Y)), 16) / 8;
        }

        // Independent: chi-square with 255 degrees of freedom, mean 255, sd of an 8-run mean ≈ 8.
        Assert.InRange(groupPairs, 215, 295);
        Assert.InRange(pixelPairs, 215, 295);
    }

    [Fact]
    public void SameKey_SameNumbers_OtherSeedOrSample_OtherNumbers()
    {
        var a = new PixelSampler(1, 10, 20, 30);
        var b = new PixelSampler(1, 10, 20, 30);
        var c = new PixelSampler(2, 10, 20, 30);
        var d = new PixelSampler(1, 10, 20, 31);
        for (var i = 0; i < 8; i++)
        {
            var value = a.Next4D();
            Assert.Equal(value, b.Next4D());
            Assert.NotEqual(value, c.Next4D());
            Assert.NotEqual(value, d.Next4D());
            Assert.True(value.X is >= 0f and < 1f && value.W is >= 0f and < 1f, $"{value}");
        }

        Assert.Equal(8, a.Group);
    }

    [Fact]
    public void Sobol_FirstDimensions_MatchTheKnownSequence()
    {
        // Sobol points 0..7 in dimensions 0 and 1 (direct, not Gray-code, order).
        double[] x = [0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875];
        double[] y = [0, 0.5, 0.75, 0.25, 0.625, 0.125, 0.375, 0.875];
        for (var i = 0u; i < 8; i++)
        {
            var p = Sobol4.Point(i);
            Assert.Equal(x[i], p.GetElement(0) / 4294967296.0);
            Assert.Equal(y[i], p.GetElement(1) / 4294967296.0);
        }
    }

    private static Vector4[] Points(uint seed, int x, int y, int group, int count)
    {
        var points = new Vector4[count];
        for (var n = 0; n < count; n++)
        {
            var sampler = new PixelSampler(seed, x, y, n);
            for (var g = 0; g < group; g++)
            {
                sampler.Next4D();
            }

            points[n] = sampler.Next4D();
        }

        return points;
    }

    private static float Component(Vector4 v, int d) => d switch { 0 => v.X, 1 => v.Y, 2 => v.Z, _ => v.W };

    private static double GridChiSquare(IEnumerable<Vector2> points, int grid)
    {
        var cells = new int[grid * grid];
        var n = 0;
        foreach (var p in points)
        {
            cells[((int)(p.X * grid) * grid) + (int)(p.Y * grid)]++;
            n++;
        }

        var expected = n / (double)cells.Length;
        return cells.Sum(c => (c - expected) * (c - expected) / expected);
    }
}
