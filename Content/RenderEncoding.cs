using System.Globalization;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering;

/// <summary>
/// A rendered image in its output format: PNG (8-bit sRGB, tone mapped) and EXR (linear half, ZIP) in
/// process; JPEG through ffmpeg from the same tone-mapped 8-bit pixels
/// (<c>-f rawvideo -pix_fmt rgb24 … -c:v mjpeg -pix_fmt yuvj444p -q:v 2</c>: full chroma, high quality).
/// </summary>
public static class RenderEncoding
{
    /// <summary>Slack over the raw RGB size allowed for a JPEG (headers; a JPEG of noise can exceed its raw size a little).</summary>
    private const int JpegSlackBytes = 1 << 20;

    /// <summary>Encodes <paramref name="image"/> as <paramref name="format"/> (<c>png</c>, <c>jpg</c>/<c>jpeg</c>, <c>exr</c>); a failure of ffmpeg is a value.</summary>
    public static async Task<FfmpegResult> EncodeAsync(LinearImage image, RenderOptions options, string format, FfmpegPipe ffmpeg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ffmpeg);
        switch (RenderStillLimits.CanonicalFormat(format))
        {
            case "png":
                return new FfmpegResult(null, ImageEncoding.EncodePng(image, options));
            case "exr":
                return new FfmpegResult(null, ImageEncoding.EncodeExr(image));
            default:
                var rgb = ToneMapper.ToSrgb8(image, options.ToneMapping, options.ExposureStops);
                string[] arguments =
                [
                    "-hide_banner", "-loglevel", "error",
                    "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", string.Create(CultureInfo.InvariantCulture, $"{image.Width}x{image.Height}"), "-i", "-",
                    "-frames:v", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj444p", "-q:v", "2", "-f", "image2pipe", "-",
                ];
                return await ffmpeg.RunAsync(arguments, rgb, ((long)image.Width * image.Height * 3) + JpegSlackBytes, cancellationToken);
        }
    }
}
