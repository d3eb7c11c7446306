using SkiaSharp;

namespace OrleansBridge.Rendering.Images;

/// <summary>
/// Decodes PNG, JPEG and WebP in process through SkiaSharp (Skia's libpng, libjpeg-turbo and libwebp
/// codecs) into 8-bit RGBA, unpremultiplied, without colour management: glTF 2.0 §3.9.2 gives the
/// colour space by texture slot (sRGB for colour, linear for data), so gAMA, iCCP and ICC profiles
/// are ignored, as ffmpeg's raw decode ignores them. The header is read first and the pixels are
/// allocated only for an image within the pixel limit and of the size its element declares, so a
/// hostile header (30,000 × 30,000) costs nothing, and a deflate stream longer than its rows need is
/// read no further than those rows.
/// </summary>
/// <param name="maxPixels">Pixels one image may have; larger headers are refused before decoding.</param>
public sealed class SkiaImageDecoder(long maxPixels) : IImageDecoder
{
    /// <summary>A decoder allowing a render worker's default texture size (<see cref="Adapter.AdapterLimits.MaxTexturePixels"/>, 64 Mpixel).</summary>
    public SkiaImageDecoder()
        : this(Adapter.AdapterLimits.Default.MaxTexturePixels)
    {
    }

    /// <summary>Pixels one image may have.</summary>
    public long MaxPixels { get; } = maxPixels;

    /// <inheritdoc />
    public ValueTask<ImageDecodeResult> DecodeAsync(ReadOnlyMemory<byte> encoded, int width, int height, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Decode(encoded.Span, MaxPixels, (width, height)));
    }

    /// <summary>
    /// Decodes one image file; a malformed, truncated, unsupported or too large one is an error value
    /// naming the problem. With <paramref name="declared"/>, an image of another size is refused
    /// before its pixels are allocated.
    /// </summary>
    public static unsafe ImageDecodeResult Decode(ReadOnlySpan<byte> encoded, long maxPixels, (int Width, int Height)? declared = null)
    {
        fixed (byte* bytes = encoded)
        {
            // Wraps the caller's bytes (no copy); both objects die before the pin is released.
            using var data = SKData.Create((IntPtr)bytes, encoded.Length);
            using var codec = data is null ? null : SKCodec.Create(data);
            if (codec is null || !ImageProbe.TryFormat(codec.EncodedFormat, out var format))
            {
                return ImageDecodeResult.Invalid(ImageProbe.Describe(encoded));
            }

            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if (declared is { } size && (size.Width != width || size.Height != height))
            {
                return ImageDecodeResult.Invalid($"The {format.ToUpperInvariant()} is {width}x{height}; its texture element says {size.Width}x{size.Height}.");
            }

            if (width < 1 || height < 1 || (long)width * height > maxPixels)
            {
                return ImageDecodeResult.Invalid($"The {format.ToUpperInvariant()} is {width}x{height}, more than the {maxPixels} pixels a texture may have.");
            }

            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var rgba = new byte[info.BytesSize64];
            var result = codec.GetPixels(info, rgba);
            return result == SKCodecResult.Success
                ? ImageDecodeResult.Ok(new DecodedImage(width, height, rgba))
                : ImageDecodeResult.Invalid($"The {format.ToUpperInvariant()} ({width}x{height}) could not be decoded: {Reason(result)}.");
        }
    }

    private static string Reason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the data ends before the last row (truncated)",
        SKCodecResult.ErrorInInput => "the compressed data is corrupt",
        SKCodecResult.InvalidConversion => "its pixel format cannot be converted to RGBA",
        _ => $"the decoder answered {result}",
    };
}
