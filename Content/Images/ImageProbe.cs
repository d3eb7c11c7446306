using SkiaSharp;

namespace OrleansBridge.Rendering.Images;

/// <summary>
/// The format and size of an encoded image, read from its header by the same codecs that decode it
/// (<see cref="SkiaImageDecoder"/>), without decoding a pixel: what the glTF importer records in a
/// texture element and checks against its limits.
/// </summary>
public static class ImageProbe
{
    /// <summary>The format name (<c>png</c>, <c>jpeg</c> or <c>webp</c>, as texture elements spell it) and size; false with a reason otherwise.</summary>
    public static unsafe bool TryProbe(ReadOnlySpan<byte> encoded, out string format, out int width, out int height, out string problem)
    {
        format = string.Empty;
        width = height = 0;
        problem = string.Empty;
        fixed (byte* bytes = encoded)
        {
            using var data = SKData.Create((IntPtr)bytes, encoded.Length);
            using var codec = data is null ? null : SKCodec.Create(data);
            if (codec is null || !TryFormat(codec.EncodedFormat, out format))
            {
                format = string.Empty;
                problem = Describe(encoded);
                return false;
            }

            (width, height) = (codec.Info.Width, codec.Info.Height);
            return true;
        }
    }

    /// <summary>The texture-element format name of a codec format the renderer decodes.</summary>
    internal static bool TryFormat(SKEncodedImageFormat encoded, out string format)
    {
        format = encoded switch
        {
            SKEncodedImageFormat.Png => "png",
            SKEncodedImageFormat.Jpeg => "jpeg",
            SKEncodedImageFormat.Webp => "webp",
            _ => string.Empty,
        };
        return format.Length > 0;
    }

    /// <summary>Why bytes that no codec opened are not a texture, from their signature (PNG §5.2, JPEG SOI, RIFF/WEBP, KTX2).</summary>
    internal static string Describe(ReadOnlySpan<byte> encoded) =>
        encoded.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? "a PNG whose header (signature and IHDR) is broken"
        : encoded.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "a JPEG without a readable frame header"
        : encoded.Length >= 12 && encoded[..4].SequenceEqual("RIFF"u8) && encoded[8..12].SequenceEqual("WEBP"u8) ? "a WebP whose header is broken"
        : encoded.Length >= 12 && encoded.Slice(1, 3).SequenceEqual("KTX"u8) ? "a KTX2 image (KHR_texture_basisu is not supported)"
        : "neither PNG nor JPEG nor WebP";
}
