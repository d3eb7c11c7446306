using System.Numerics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

public sealed class CoarsePreviewTests
{
    [Fact]
    public void PixelSize_NothingMeasuredOrFullFrameFits_IsFullResolution()
    {
        Assert.Equal(1, CoarsePreview.PixelSize(1280, 720, 0, TimeSpan.FromMilliseconds(33)));
        Assert.Equal(1, CoarsePreview.PixelSize(64, 48, 1e-6, TimeSpan.FromMilliseconds(33))); // 3 ms
    }

    [Theory]
    [InlineData(1280, 720, 0.65e-6, 33)] // this machine's demo scene, one core: 600 ms at full size
    [InlineData(640, 360, 0.65e-6, 100)]
    [InlineData(1920, 1080, 0.05e-6, 8)]
    [InlineData(1280, 720, 2e-6, 16)]
    public void PixelSize_SlowFullFrame_SmallestSizeWhoseCoarsePassFitsTheBudget(int width, int height, double secondsPerSample, int budgetMs)
    {
        var budget = TimeSpan.FromMilliseconds(budgetMs);
        var size = CoarsePreview.PixelSize(width, height, secondsPerSample, budget);
        Assert.InRange(size, 2, CoarsePreview.MaxPixelSize);
        var (w, h) = CoarsePreview.CoarseSize(width, height, size);
        // Fits, up to the rounding up of the coarse size by at most one row and column …
        Assert.True((w - 1) * (h - 1) * secondsPerSample <= budget.TotalSeconds, $"{size}: {w}x{h} takes {w * h * secondsPerSample * 1000:0.0} ms");
        // … and one size finer would not.
        var (fw, fh) = CoarsePreview.CoarseSize(width, height, size - 1);
        Assert.True(size == 2 || fw * fh * secondsPerSample > budget.TotalSeconds * 0.9, $"{size - 1} would fit too");
    }

    [Fact]
    public void PixelSize_HopelesslySlow_IsCapped()
    {
        Assert.Equal(CoarsePreview.MaxPixelSize, CoarsePreview.PixelSize(1280, 720, 1e-3, TimeSpan.FromMilliseconds(10)));
        Assert.Equal(8, CoarsePreview.PixelSize(16, 16, 1e-1, TimeSpan.FromMilliseconds(10))); // never below two samples across
    }

    [Fact]
    public void Upscale_EachCoarsePixelCoversItsBlock_EvenWhenTheSizeDoesNotDivide()
    {
        var coarse = new LinearImage(3, 2);
        for (var y = 0; y < 2; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                coarse[x, y] = new Vector3(x, y, 1);
            }
        }

        var full = new LinearImage(8, 5); // pixel size 3 rounded up: 3x2
        CoarsePreview.Upscale(coarse, full);

        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                Assert.Equal(new Vector3(x * 3 / 8, y * 2 / 5, 1), full[x, y]);
            }
        }
    }
}
