using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

/// <summary>The pixel filter: Blackman–Harris by importance sampling, Cycles' widths, and its effect on an edge.</summary>
public sealed class PixelFilterTests
{
    [Fact]
    public void Table_IsMonotoneSymmetric_AndSpansTheWindow()
    {
        var table = PixelFilter.Table;
        Assert.Equal(PixelFilter.TableSize, table.Length);
        Assert.Equal(-0.5f, table[0], 4);
        Assert.Equal(0.5f, table[^1], 4);
        for (var i = 1; i < table.Length; i++)
        {
            Assert.True(table[i] > table[i - 1], $"entry {i} does not grow");
            Assert.Equal(-table[i], table[table.Length - 1 - i]);
        }

        // Width 0 is the box over the pixel; a width reaches that far either side of the centre.
        Assert.Equal(0.25f - 0.5f, PixelFilter.Offset(0.25f, 0f));
        Assert.True(PixelFilter.Offset(0f, 1.5f) >= -1.5f && PixelFilter.Offset(0.99999f, 1.5f) <= 1.5f);
        Assert.Equal(0f, PixelFilter.Offset(0.5f, 1.5f), 5);
    }

    [Fact]
    public void TableNodes_SplitTheWindowsWeight_Evenly()
    {
        // Entry i is where the Blackman–Harris window's weight reaches i / (n − 1): each table step carries the
        // same share (between nodes the offset is linear, as in Cycles' table).
        var table = PixelFilter.Table;
        for (var i = 0; i < table.Length; i++)
        {
            Assert.True(Math.Abs(Cdf(table[i] + 0.5) - (i / (double)(table.Length - 1))) < 2e-5, $"entry {i}: weight {Cdf(table[i] + 0.5):F6} below {table[i]}");
        }
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(0.75f)]
    public void Offsets_HaveTheWindowsSpread(float width)
    {
        // Stratified uniforms through the table: mean 0 and the window's standard deviation, 0.277 w
        // (0.416 pixels at Cycles' 1.5, where the box over the pixel has 0.289), and nothing beyond w.
        const int Samples = 100_000;
        double sum = 0, squares = 0;
        for (var i = 0; i < Samples; i++)
        {
            var offset = PixelFilter.Offset((i + 0.5f) / Samples, width);
            Assert.InRange(offset, -width, width);
            sum += offset;
            squares += offset * offset;
        }

        Assert.Equal(0.0, sum / Samples, 5);
        Assert.Equal(0.27702 * width, Math.Sqrt(squares / Samples), 3);
    }

    [Fact]
    public void Edge_SpillsTheFiltersTailIntoTheNextPixel_WhereTheBoxStopsAtTheBoundary()
    {
        // An emitter of radiance 1 covering x ≥ 0 in front of a black background, its edge on the boundary
        // between columns 7 and 8 of a 16-pixel image (the camera looks down −Z along x = 0).
        var scene = RenderScene.Build(new SceneDescription
        {
            Meshes =
            [
                new MeshData { Id = "half", Positions = [new(0, -20, -5), new(20, -20, -5), new(20, 20, -5), new(0, 20, -5)], Indices = [0, 1, 2, 0, 2, 3] },
            ],
            Materials = [new MaterialData { BaseColorFactor = new(0, 0, 0, 1), EmissiveFactor = Vector3.One }],
            Instances = [new InstanceData { Mesh = 0, Material = 0 }],
        });
        float Row(float width, int column)
        {
            var renderer = new ProgressiveRenderer(scene, new CameraData { YFov = 1f }, new RenderOptions { Width = 16, Height = 8, SamplesPerPixel = 256, PixelFilter = width });
            renderer.RenderToCompletion(256);
            return renderer.Film.Resolve()[column, 4].X;
        }

        // The box: every sample of column 7 lands left of the edge, every sample of column 8 right of it.
        Assert.Equal(0f, Row(0f, 7));
        Assert.Equal(1f, Row(0f, 8));

        // Blackman–Harris 1.5: column 7's centre is half a pixel from the edge, so its share of the window
        // beyond +0.5 pixels lights it; column 6 is 1.5 pixels away, at the window's end.
        var spill = 1.0 - Cdf(0.5 + (0.5 / 3.0));
        Assert.Equal(spill, Row(1.5f, 7), 2);
        Assert.Equal(1.0 - spill, Row(1.5f, 8), 2);
        Assert.Equal(0f, Row(1.5f, 6));
        Assert.Equal(1f, Row(1.5f, 9));
    }

    [Fact]
    public void RenderOptions_RefuseAWidthOutsideTheRange()
    {
        Assert.Equal(PixelFilter.CyclesDefault, new RenderOptions().PixelFilter);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderOptions { PixelFilter = -1f }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderOptions { PixelFilter = float.NaN }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderOptions { PixelFilter = 11f }.Validate());
        Assert.Null(PixelFilter.Refusal("pixelFilter", null));
        Assert.Null(PixelFilter.Refusal("pixelFilter", 0f));
        Assert.Contains("pixelFilter is -1", PixelFilter.Refusal("pixelFilter", -1f));
    }

    /// <summary>The Blackman–Harris window's weight below t, for t from 0 to 1 across the window (Cycles' four terms, integrated).</summary>
    private static double Cdf(double t)
    {
        var x = 2 * Math.PI * t;
        return ((0.35875 * x) - (0.48829 * Math.Sin(x)) + (0.14128 * Math.Sin(2 * x) / 2) - (0.01168 * Math.Sin(3 * x) / 3)) / (0.35875 * 2 * Math.PI);
    }
}
