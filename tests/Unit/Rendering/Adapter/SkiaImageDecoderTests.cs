using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Imaging;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>
/// The in-process texture decoder against the real ffmpeg's decode of the same files: every PNG
/// colour type, bit depth, scanline filter and interlace ffmpeg writes, and lossless WebP, within one
/// 8-bit code; JPEG within its inverse-DCT tolerance; subsampled chroma (JPEG 4:2:0, lossy WebP)
/// within the upsampling difference; the glTF test textures. Broken files are errors naming the problem; hostile headers and decompression bombs are
/// refused or bounded before memory is spent on them.
/// </summary>
public sealed class SkiaImageDecoderTests
{
    private const int Width = 37;
    private const int Height = 23;

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
    public void Decode_FfmpegPng_EqualsFfmpegsDecodeWithinOneCode(string pixelFormat, string prediction, bool interlaced)
    {
        var png = FfmpegTool.Encode(FfmpegTool.Pattern(Width, Height), Width, Height, "png", pixelFormat,
            [.. new[] { "-pred", prediction }, .. interlaced ? new[] { "-flags", "+ildct" } : []]);
        Assert.Equal(interlaced ? 1 : 0, png[8 + 8 + 12]); // IHDR interlace byte: the fixture is what the case says.

        AssertLikeFfmpeg(png, $"png {pixelFormat} {prediction}{(interlaced ? " interlaced" : string.Empty)}");
    }

    /// <remarks>
    /// JPEG leaves decoders a freedom PNG does not: the inverse DCT need only be within ±1 of the ideal
    /// per sample (ITU-T T.83), which YCbCr → RGB can turn into 2 codes. So full-chroma and grey JPEG:
    /// at most 2 codes apart, 99% of the bytes within one.
    /// </remarks>
    [Theory]
    [InlineData("yuvj444p")]
    [InlineData("gray")]
    public void Decode_FfmpegJpeg_MatchesFfmpegsDecodeWithinTheIdctTolerance(string pixelFormat)
    {
        var jpeg = FfmpegTool.Encode(FfmpegTool.Pattern(64, 40), 64, 40, "mjpeg", pixelFormat, "-q:v", "2");

        AssertLikeFfmpeg(jpeg, $"jpeg {pixelFormat}", worstAllowed: 2, percentBeyondOne: 1);
    }

    /// <remarks>
    /// Subsampled chroma (JPEG 4:2:0, lossy WebP) adds a second freedom: how chroma is upsampled is
    /// not specified (libjpeg-turbo and libwebp interpolate between chroma sites, ffmpeg 5.1's scaler
    /// places and filters them its own way). On smooth content the two stay within a few codes
    /// (measured: 4 for JPEG, 5 for WebP, about a quarter of the bytes more than one apart); at hard
    /// colour edges they differ by tens of codes, so those are not compared byte by byte.
    /// </remarks>
    [Theory]
    [InlineData("mjpeg", "yuvj420p")]
    [InlineData("libwebp", "yuv420p")]
    public void Decode_SubsampledChroma_StaysWithinTheUpsamplingDifference(string codec, string pixelFormat)
    {
        var encoded = FfmpegTool.Encode(SmoothPattern(64, 40), 64, 40, codec, pixelFormat, codec == "mjpeg" ? ["-q:v", "2"] : ["-quality", "90"]);

        AssertLikeFfmpeg(encoded, $"{codec} {pixelFormat}", worstAllowed: 6, percentBeyondOne: 35);
    }

    [Fact]
    public void Decode_FfmpegLosslessWebp_EqualsFfmpegsDecodeWithinOneCode()
    {
        var webp = FfmpegTool.Encode(FfmpegTool.Pattern(64, 40), 64, 40, "libwebp", "bgra", "-lossless", "1");

        AssertLikeFfmpeg(webp, "webp lossless");
    }

    [Theory]
    [InlineData("checker.png", 1)]
    [InlineData("checker.jpg", 2)]
    public void Decode_GltfTestTextures_MatchFfmpegsDecode(string file, int worstAllowed) =>
        AssertLikeFfmpeg(File.ReadAllBytes(RepositoryPaths.Under("tests", "TestData", "gltf", file)), file, worstAllowed, percentBeyondOne: 1);

    [Fact]
    public void Decode_PngEncoderOutput_EqualsInputWithOpaqueAlpha()
    {
        var rgb = new byte[Width * Height * 3];
        new Random(5).NextBytes(rgb);

        var result = SkiaImageDecoder.Decode(PngEncoder.EncodeRgb8(rgb, Width, Height), long.MaxValue);

        Assert.True(result.Succeeded, result.Message);
        for (var i = 0; i < Width * Height; i++)
        {
            Assert.Equal(rgb.AsSpan(i * 3, 3).ToArray(), result.Image!.Rgba.AsSpan(i * 4, 3).ToArray());
            Assert.Equal(255, result.Image.Rgba[(i * 4) + 3]);
        }
    }

    [Fact]
    public async Task DecodeAsync_DeclaredSizeDiffers_IsRefusedNamingBothSizes()
    {
        var jpeg = FfmpegTool.Encode(FfmpegTool.Pattern(32, 16), 32, 16, "mjpeg", "yuvj444p");

        var result = await new SkiaImageDecoder().DecodeAsync(jpeg, 16, 32, CancellationToken.None);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("JPEG is 32x16; its texture element says 16x32", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotAnImage_SaysWhatItIsNot()
    {
        var result = SkiaImageDecoder.Decode("GIF89a this is not a texture"u8, long.MaxValue);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("neither PNG nor JPEG nor WebP", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedPng_IsRefusedAsTruncated()
    {
        var png = FfmpegTool.Encode(FfmpegTool.Pattern(64, 64), 64, 64, "png", "rgba");

        var result = SkiaImageDecoder.Decode(png.AsSpan(0, png.Length / 2), long.MaxValue);

        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("truncated", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HugeHeader_IsRefusedBeforeThePixelsAreAllocated()
    {
        // 30,000 × 30,000 RGBA would be 3.6 GB of pixels; the file itself is a few hundred bytes.
        var png = HostilePng.Make(30_000, 30_000, 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = SkiaImageDecoder.Decode(png, new SkiaImageDecoder().MaxPixels);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ErrorCode.RenderTextureInvalid, result.Error);
        Assert.Contains("30000x30000, more than the 67108864 pixels", result.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated refusing a header");
    }

    [Fact]
    public void Decode_DeflateBomb_ReadsOnlyTheRowsItsHeaderNeeds()
    {
        // 64 × 64 RGBA needs 16,448 inflated bytes; the stream holds 256 MiB of zeros in 1.7 MB.
        var png = HostilePng.Make(64, 64, 256L << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = SkiaImageDecoder.Decode(png, long.MaxValue);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((64, 64), (result.Image!.Width, result.Image.Height));
        Assert.All(result.Image.Rgba, b => Assert.Equal(0, b));
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated decoding a 16 KiB image");
    }

    /// <summary>Gradients only: no edge for chroma upsampling filters to disagree on.</summary>
    private static byte[] SmoothPattern(int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                rgba[i] = (byte)(40 + (x * 160 / width));
                rgba[i + 1] = (byte)(40 + (y * 160 / height));
                rgba[i + 2] = (byte)(120 + ((x + y) * 60 / (width + height)));
                rgba[i + 3] = 255;
            }
        }

        return rgba;
    }

    /// <summary>
    /// Every byte within <paramref name="worstAllowed"/> codes of ffmpeg's decode of the same file, and
    /// at most <paramref name="percentBeyondOne"/> percent of them more than one code apart.
    /// </summary>
    private static void AssertLikeFfmpeg(byte[] encoded, string what, int worstAllowed = 1, int percentBeyondOne = 0)
    {
        var result = SkiaImageDecoder.Decode(encoded, long.MaxValue);

        Assert.True(result.Succeeded, $"{what}: {result.Message}");
        var reference = FfmpegTool.DecodeToRgba(encoded);
        var image = result.Image!;
        Assert.Equal(reference.Length, image.Rgba.Length);
        var worst = 0;
        var at = 0;
        var beyondOne = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var difference = Math.Abs(reference[i] - image.Rgba[i]);
            beyondOne += difference > 1 ? 1 : 0;
            if (difference > worst)
            {
                (worst, at) = (difference, i);
            }
        }

        Assert.True(worst <= worstAllowed,
            $"{what}: byte {at} (pixel {at / 4 % image.Width},{at / 4 / image.Width} channel {at % 4}) decoded {image.Rgba[at]}, ffmpeg {reference[at]}: {worst} codes apart");
        Assert.True(beyondOne * 100 <= reference.Length * percentBeyondOne,
            $"{what}: {beyondOne} of {reference.Length} bytes are more than one code from ffmpeg's decode");
    }
}
