using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;
using SkiaSharp;

namespace OrleansBridge.Rendering;

/// <summary>What encoding a rendered image produced: the file's bytes, or why there are none.</summary>
/// <param name="Problem">Null on success; otherwise what went wrong.</param>
/// <param name="Output">The encoded file on success (empty otherwise).</param>
public readonly record struct EncodedImage(string? Problem, byte[] Output)
{
    /// <summary>True when the image was encoded.</summary>
    public bool Succeeded => Problem is null;
}

/// <summary>
/// A rendered image in its output format, all in process: PNG (8-bit sRGB, tone mapped), EXR (linear
/// half, ZIP), and JPEG through SkiaSharp (libjpeg-turbo) from the same tone-mapped 8-bit pixels,
/// quality 90 with full chroma (4:4:4): smaller than the stills ffmpeg encoded before
/// (<c>mjpeg -pix_fmt yuvj444p -q:v 2</c>), without a process per image.
/// </summary>
public static class RenderEncoding
{
    /// <summary>JPEG quality of stills: on render-like images, files about 0.8× the size of ffmpeg's <c>-q:v 2</c> (bench stills).</summary>
    public const int JpegQuality = 90;

    /// <summary>Encodes <paramref name="image"/> as <paramref name="format"/> (<c>png</c>, <c>jpg</c>/<c>jpeg</c>, <c>exr</c>).</summary>
    public static EncodedImage Encode(LinearImage image, RenderOptions options, string format)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        return RenderStillLimits.CanonicalFormat(format) switch
        {
            "png" => new EncodedImage(null, ImageEncoding.EncodePng(image, options)),
            "exr" => new EncodedImage(null, ImageEncoding.EncodeExr(image)),
            _ => EncodeJpeg(ToneMapper.ToSrgb8(image, options.ToneMapping, options.ExposureStops), image.Width, image.Height),
        };
    }

    /// <summary>JPEG of 8-bit sRGB pixels, three bytes each, rows top to bottom.</summary>
    public static EncodedImage EncodeJpeg(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width * height * 3} bytes of RGB, got {rgb.Length}.", nameof(rgb));
        }

        // Skia has no packed 24-bit colour type: widen to RGBX (the fourth byte ignored, the image opaque).
        var info = new SKImageInfo(width, height, SKColorType.Rgb888x, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0, o = 0; i < rgb.Length; i += 3, o += 4)
        {
            pixels[o] = rgb[i];
            pixels[o + 1] = rgb[i + 1];
            pixels[o + 2] = rgb[i + 2];
            pixels[o + 3] = 255;
        }

        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap?.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore));
        return data is null
            ? new EncodedImage($"SkiaSharp could not encode a {width}×{height} JPEG.", [])
            : new EncodedImage(null, data.ToArray());
    }
}
