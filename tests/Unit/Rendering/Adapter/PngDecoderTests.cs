using System.Buffers.Binary;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Imaging;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>
/// The in-process PNG decoder against images written by the product's own encoder and by the real
/// ffmpeg: every colour type and bit depth ffmpeg writes, every scanline filter, Adam7 interlace;
/// ffmpeg's own decode of the same file is the reference. Broken files are errors naming the problem.
/// </summary>
public sealed class PngDecoderTests
{
    private const int Width = 37;
    private const int Height = 23;

    [Fact]
    public void Decode_PngEncoderOutput_EqualsInputWithOpaqueAlpha()
    {
        var rgb = new byte[Width * Height * 3];
        new Random(5).NextBytes(rgb);
        var png = PngEncoder.EncodeRgb8(rgb, Width, Height);

        var result = PngDecoder.Decode(png, long.MaxValue);

        Assert.True(result.Succeeded, result.Message);
        for (var i = 0; i < Width * Height; i++)
        {
            Assert.Equal(rgb.AsSpan(i * 3, 3).ToArray(), result.Image!.Rgba.AsSpan(i * 4, 3).ToArray());
            Assert.Equal(255, result.Image.Rgba[(i * 4) + 3]);
        }
    }

    [Theory]
    [InlineData("rgb24", "mixed", false)]
    [InlineData("rgba", "mixed", false)]
    [InlineData("gray", "mixed", false)]
    [InlineData("ya8", "mixed", false)]
    [InlineData("pal8", "none", false)]
    [InlineData("monob", "none", false)]
    [InlineData("rgb48be", "mixed", false)]
    [InlineData("rgba64be", "mixed", false)]
    [InlineData("gray16be", "mixed", false)]
    [InlineData("ya16be", "mixed", false)]
    [InlineData("rgba", "sub", false)]
    [InlineData("rgba", "up", false)]
    [InlineData("rgba", "avg", false)]
    [InlineData("rgba", "paeth", false)]
    [InlineData("rgba", "mixed", true)]
    [InlineData("rgb24", "paeth", true)]
    [InlineData("gray", "mixed", true)]
    [InlineData("pal8", "none", true)]
    [InlineData("monob", "none", true)]
    [InlineData("rgba64be", "mixed", true)]
    public void Decode_FfmpegPng_MatchesFfmpegsOwnDecode(string pixelFormat, string prediction, bool interlaced)
    {
        var png = FfmpegTool.Encode(FfmpegTool.Pattern(Width, Height), Width, Height, "png", pixelFormat,
            [.. new[] { "-pred", prediction }, .. interlaced ? new[] { "-flags", "+ildct" } : []]);
        Assert.Equal(interlaced ? 1 : 0, png[8 + 8 + 12]); // IHDR interlace byte: the fixture is what the case says.

        var result = PngDecoder.Decode(png, long.MaxValue);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((Width, Height), (result.Image!.Width, result.Image.Height));
        var reference = FfmpegTool.DecodeToRgba(png);
        // 16-bit samples round to 8 bits; ffmpeg's scaler may round the other way by one.
        var tolerance = pixelFormat.Contains("16", StringComparison.Ordinal) || pixelFormat.Contains("48", StringComparison.Ordinal) || pixelFormat.Contains("64", StringComparison.Ordinal) ? 1 : 0;
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(reference[i] - result.Image.Rgba[i]) <= tolerance,
                $"{pixelFormat}: byte {i} (pixel {i / 4 % Width},{i / 4 / Width} channel {i % 4}) decoded {result.Image.Rgba[i]}, ffmpeg {reference[i]}");
        }
    }

    [Fact]
    public async Task DecodeAsync_DeclaredSizeDiffers_IsRefused()
    {
        var png = PngEncoder.EncodeRgb8(new byte[4 * 3 * 3], 4, 3);

        var result = await new PngDecoder().DecodeAsync(png, 3, 4, CancellationToken.None);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("4x3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_CorruptCrc_NamesTheChunk()
    {
        var png = PngEncoder.EncodeRgb8(new byte[4 * 3 * 3], 4, 3);
        png[8 + 8 + 2] ^= 1; // A byte of IHDR's data.

        var result = PngDecoder.Decode(png, long.MaxValue);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("IHDR", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedOrNotPng_IsAnError()
    {
        var png = PngEncoder.EncodeRgb8(new byte[16 * 16 * 3], 16, 16);

        Assert.False(PngDecoder.Decode(png.AsSpan(0, png.Length - 20), long.MaxValue).Succeeded);
        Assert.False(PngDecoder.Decode("GIF89a----"u8, long.MaxValue).Succeeded);
    }

    [Fact]
    public void Decode_MorePixelsThanAllowed_IsRefusedBeforeDecoding()
    {
        var png = PngEncoder.EncodeRgb8(new byte[16 * 16 * 3], 16, 16);

        var result = PngDecoder.Decode(png, 255);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("255 pixels", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ImpossibleColourTypeAndDepth_IsRefused()
    {
        var png = PngEncoder.EncodeRgb8(new byte[2 * 2 * 3], 2, 2);
        png[8 + 8 + 8] = 4; // Bit depth 4 with colour type 2 (truecolour) is not allowed.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8 + 8 + 13), Crc32.Compute(png.AsSpan(8 + 4, 17)));

        var result = PngDecoder.Decode(png, long.MaxValue);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("colour type 2 with bit depth 4", result.Message, StringComparison.Ordinal);
    }
}
