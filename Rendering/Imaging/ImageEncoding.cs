using System.IO.Compression;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// The two in-process output formats of a render in one call each: PNG through the display transform
/// of the render options, EXR of the linear buffer as it is.
/// </summary>
public static class ImageEncoding
{
    /// <summary>8-bit sRGB PNG of <paramref name="image"/>, tone mapped and exposed as <paramref name="options"/> say.</summary>
    public static byte[] EncodePng(LinearImage image, RenderOptions options, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        var rgb = ToneMapper.ToSrgb8(image, options.ToneMapping, options.ExposureStops);
        return PngEncoder.EncodeRgb8(rgb, image.Width, image.Height, level);
    }

    /// <summary>Linear EXR of <paramref name="image"/> (no exposure, no tone mapping).</summary>
    public static byte[] EncodeExr(LinearImage image, ExrPixelType pixelType = ExrPixelType.Half, ExrCompression compression = ExrCompression.Zip) =>
        ExrEncoder.Encode(image, pixelType, compression);
}
