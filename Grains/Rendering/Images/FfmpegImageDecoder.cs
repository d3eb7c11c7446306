namespace OrleansBridge.Rendering.Images;

/// <summary>
/// Decodes JPEG (or any single image ffmpeg reads) through ffmpeg:
/// <c>ffmpeg -f image2pipe -i - -frames:v 1 -f rawvideo -pix_fmt rgba -</c> over stdin/stdout pipes.
/// The output is bounded by the declared width × height × 4 and must be exactly that long; a JPEG
/// whose frame header gives another size is refused before ffmpeg runs.
/// </summary>
public sealed class FfmpegImageDecoder(FfmpegPipe ffmpeg) : IImageDecoder
{
    /// <inheritdoc />
    public async ValueTask<ImageDecodeResult> DecodeAsync(ReadOnlyMemory<byte> encoded, int width, int height, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (JpegSize.TryRead(encoded.Span, out var jpegWidth, out var jpegHeight) && (jpegWidth != width || jpegHeight != height))
        {
            return ImageDecodeResult.Invalid($"The JPEG is {jpegWidth}x{jpegHeight}; its texture element says {width}x{height}.");
        }

        var expected = (long)width * height * 4;
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error",
            "-f", "image2pipe", "-i", "-",
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-",
        ];
        var run = await ffmpeg.RunAsync(arguments, encoded, expected, cancellationToken);
        if (!run.Succeeded)
        {
            return ImageDecodeResult.Invalid($"The image could not be decoded: {run.Problem}");
        }

        return run.Output.Length == expected
            ? ImageDecodeResult.Ok(new DecodedImage(width, height, run.Output))
            : ImageDecodeResult.Invalid($"ffmpeg decoded {run.Output.Length} bytes; a {width}x{height} RGBA image has {expected}.");
    }
}
