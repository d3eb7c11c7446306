using System.Buffers.Binary;
using System.Text;
using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class ImageOutputTests
{
    [Fact]
    public void Crc32_KnownVector_MatchesZlib()
    {
        // The CRC-32 check value of the ASCII digits "123456789" (zlib, PNG, Ethernet).
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(64, 33)]
    public void Png_RandomAndGradientPixels_DecodeToTheSameBytes(int width, int height)
    {
        var random = new Random(width * 1000 + height);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i++)
        {
            // Half noise, half smooth gradients, so every filter type gets chosen somewhere.
            rgb[i] = i / 3 % width < width / 2 ? (byte)random.Next(256) : (byte)((i / 3 % width * 3) + (i / (3 * width)));
        }

        var png = PngEncoder.EncodeRgb8(rgb, width, height);
        var decoded = PngReader.Decode(png);

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal(rgb, decoded.Rgb);
        Assert.Equal(["IHDR", "sRGB", "IDAT", "IEND"], decoded.Chunks.Distinct());
        Assert.Equal("IHDR", decoded.Chunks[0]);
        Assert.Equal("IEND", decoded.Chunks[^1]);
    }

    [Fact]
    public void Png_WrongSizedBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgb8(new byte[10], 2, 2));
    }

    [Theory]
    [InlineData(ExrPixelType.Half, ExrCompression.None)]
    [InlineData(ExrPixelType.Half, ExrCompression.Zip)]
    [InlineData(ExrPixelType.Full, ExrCompression.None)]
    [InlineData(ExrPixelType.Full, ExrCompression.Zip)]
    public void Exr_LinearImage_ReadsBackHeaderAndPixels(ExrPixelType type, ExrCompression compression)
    {
        var image = new LinearImage(37, 21);
        var random = new Random(7);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            // Smooth HDR ramp plus noise in one corner: both compressible and incompressible blocks.
            image.Pixels[i] = i % 3 * 0.25f + (i / 3 % 37 * 0.1f) + (i < 200 ? random.NextSingle() * 1000f : 0f);
        }

        var exr = ExrReader.Decode(ExrEncoder.Encode(image, type, compression));

        Assert.Equal(2, exr.Version);
        Assert.Equal(["B", "G", "R"], exr.Channels.Select(c => c.Name));
        Assert.All(exr.Channels, c => Assert.Equal((int)type, c.PixelType));
        Assert.Equal((int)compression, exr.Compression);
        Assert.Equal((37, 21), (exr.Width, exr.Height));
        Assert.Equal(exr.Attributes["dataWindow"].Value, exr.Attributes["displayWindow"].Value);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(exr.Attributes["pixelAspectRatio"].Value));
        Assert.Equal("lineOrder", exr.Attributes["lineOrder"].Type);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            var expected = type == ExrPixelType.Half ? (float)(Half)image.Pixels[i] : image.Pixels[i];
            Assert.Equal(expected, exr.Rgb[i]);
        }
    }

    [Fact]
    public void ToneMapper_Standard_KnownValuesAndExposure()
    {
        var image = new LinearImage(5, 1);
        image[0, 0] = new(0f, 1f, 2f);
        image[1, 0] = new(0.5f, 0.0031308f, 0.18f);
        image[2, 0] = new(0.25f, -1f, float.NaN);

        var bytes = ToneMapper.ToSrgb8(image, ToneMapping.Standard, 0f);
        Assert.Equal([0, 255, 255], bytes[0..3]);
        // sRGB(0.5) = 0.7354 → 188; sRGB(0.0031308) = 0.04045 → 10; sRGB(0.18) = 0.4614 → 118.
        Assert.Equal([188, 10, 118], bytes[3..6]);
        // +1 stop doubles 0.25 to 0.5; negative and NaN clamp to black.
        var brighter = ToneMapper.ToSrgb8(image, ToneMapping.Standard, 1f);
        Assert.Equal([188, 0, 0], brighter[6..9]);
    }

    [Fact]
    public void ToneMapper_Aces_IsMonotoneBlackAtZeroAndCompressesHighlights()
    {
        var previous = -1f;
        for (var v = 0f; v <= 64f; v += 0.125f)
        {
            var mapped = ToneMapper.Map(new(v), ToneMapping.Aces).X;
            Assert.True(mapped >= previous, $"ACES decreased at {v}: {mapped} < {previous}");
            previous = mapped;
        }

        Assert.True(ToneMapper.Map(System.Numerics.Vector3.Zero, ToneMapping.Aces).X < 0.002f);
        // ACES puts scene mid grey (0.18) at about 10% of display white and saturates towards 1.
        Assert.InRange(ToneMapper.Map(new(0.18f), ToneMapping.Aces).X, 0.09f, 0.12f);
        Assert.InRange(ToneMapper.Map(new(16f), ToneMapping.Aces).X, 0.95f, 1f);
    }

    [Fact]
    public void ImageEncoding_RenderedFrame_PngAndExrDecode()
    {
        var description = TestScenes.Mixed();
        var options = new RenderOptions { Width = 24, Height = 16, SamplesPerPixel = 2, ExposureStops = 1f, ToneMapping = ToneMapping.Aces };
        var renderer = new ProgressiveRenderer(OrleansBridge.Rendering.RenderScene.Build(description), description.Camera, options);
        renderer.RenderToCompletion(2);
        var image = renderer.Film.Resolve();

        var png = PngReader.Decode(ImageEncoding.EncodePng(image, options));
        Assert.Equal(ToneMapper.ToSrgb8(image, ToneMapping.Aces, 1f), png.Rgb);
        var exr = ExrReader.Decode(ImageEncoding.EncodeExr(image, ExrPixelType.Full));
        Assert.Equal(image.Pixels, exr.Rgb);
    }
}
