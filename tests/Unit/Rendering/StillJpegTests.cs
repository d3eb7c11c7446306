using OrleansBridge.Rendering;
using OrleansBridge.Tests.Rendering.Adapter;

namespace OrleansBridge.Tests.Rendering;

/// <summary>A still's JPEG, encoded in process (SkiaSharp): full chroma, high quality, readable by ffmpeg.</summary>
public sealed class StillJpegTests
{
    private const int Width = 96;
    private const int Height = 64;

    [Fact]
    public void EncodeJpeg_SmoothImage_FfmpegDecodesItClose_AndItIsFullChromaBaseline()
    {
        var rgb = Smooth();

        var encoded = RenderEncoding.EncodeJpeg(rgb, Width, Height);

        Assert.True(encoded.Succeeded, encoded.Problem);
        var jpeg = encoded.Output;
        Assert.Equal([0xFF, 0xD8], jpeg[..2]); // SOI
        var (components, sampling) = StartOfFrame(jpeg);
        Assert.Equal(3, components);
        Assert.All(sampling, s => Assert.Equal(0x11, s)); // 4:4:4: no chroma subsampling, like the stills before
        var decoded = FfmpegTool.DecodeToRgba(jpeg);
        Assert.Equal(Width * Height * 4, decoded.Length);
        long total = 0;
        var worst = 0;
        for (int p = 0; p < Width * Height; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var difference = Math.Abs(decoded[(p * 4) + c] - rgb[(p * 3) + c]);
                total += difference;
                worst = Math.Max(worst, difference);
            }
        }

        var mean = (double)total / (Width * Height * 3);
        Assert.True(mean < 1.5, $"mean difference {mean:F2} codes: not quality 90");
        Assert.True(worst <= 12, $"worst difference {worst} codes");
    }

    [Fact]
    public void EncodeJpeg_WrongBufferSize_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => RenderEncoding.EncodeJpeg(new byte[10], Width, Height));
    }

    private static byte[] Smooth()
    {
        var rgb = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = ((y * Width) + x) * 3;
                rgb[i] = (byte)(x * 255 / (Width - 1));
                rgb[i + 1] = (byte)(y * 255 / (Height - 1));
                rgb[i + 2] = (byte)(128 + (64 * Math.Sin(x / 9.0) * Math.Cos(y / 7.0)));
            }
        }

        return rgb;
    }

    /// <summary>The component count and each component's sampling factors (H&lt;&lt;4 | V) from the SOF0/SOF2 segment.</summary>
    private static (int Components, byte[] Sampling) StartOfFrame(byte[] jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is 0xC0 or 0xC2)
            {
                var count = jpeg[i + 9];
                return (count, [.. Enumerable.Range(0, count).Select(c => jpeg[i + 11 + (c * 3)])]);
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("No start-of-frame segment.");
    }
}
