using System.Diagnostics;
using System.Numerics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Bench.Video;

/// <summary>
/// Encoder cost and size on frames like a progressive render's: a smooth picture plus per-pixel noise
/// whose amplitude falls as 1/√(frame + 1), as Monte Carlo noise does with accumulated samples.
/// </summary>
internal static class EncodeFigures
{
    public static async Task RunAsync(int frames)
    {
        const int Width = 1280;
        const int Height = 720;
        var images = Enumerable.Range(0, frames).Select(n => Frame(Width, Height, n)).ToArray();
        Console.WriteLine($"encode: {frames} frames of {Width}x{Height}, noise falling as 1/sqrt(n+1) (a progressive render's first frames)");
        Console.WriteLine($"  {"format",-9}{"mean ms",9}{"p99 ms",9}{"bytes/frame",13}{"kbit/s at 30 fps",18}");
        foreach (var format in new[] { VideoFormat.H264, VideoFormat.Jpg, VideoFormat.Webp, VideoFormat.Png, VideoFormat.Exr, VideoFormat.Lossless })
        {
            await using var encoder = FrameEncoders.Create(new EncoderSettings { Format = format, Width = Width, Height = Height, BitrateKbps = 8000 });
            await encoder.EncodeAsync(images[0], ToneMapping.Standard, 0, CancellationToken.None); // starts the process
            var ms = new List<double>();
            long bytes = 0;
            foreach (var image in images)
            {
                var outcome = await encoder.EncodeAsync(image, ToneMapping.Standard, 0, CancellationToken.None);
                ms.Add(outcome.Frame!.EncodeTime.TotalMilliseconds);
                bytes += outcome.Frame.Data.Length;
            }

            var (_, p99, mean) = VideoBench.Percentiles(ms);
            Console.WriteLine($"  {VideoFormats.Name(format),-9}{mean,9:0.0}{p99,9:0.0}{bytes / frames,13:N0}{bytes / frames * 8 * 30 / 1000.0,18:N0}");
        }

        await CompareWithFfmpegAloneAsync(images, Width, Height);
        Console.WriteLine();
    }

    /// <summary>The same H.264 settings, ffmpeg reading the same rgb24 frames from a file: the floor our pipe adds to.</summary>
    private static async Task CompareWithFfmpegAloneAsync(LinearImage[] images, int width, int height)
    {
        var settings = new EncoderSettings { Format = VideoFormat.H264, Width = width, Height = height, BitrateKbps = 8000 };
        var raw = Path.Combine(Path.GetTempPath(), $"video-bench-{Environment.ProcessId}.rgb");
        var rgb = new byte[width * height * 3];
        await using (var file = File.Create(raw))
        {
            foreach (var image in images)
            {
                FastToneMapper.ToSrgb8(image, ToneMapping.Standard, 0, rgb);
                await file.WriteAsync(rgb);
            }
        }

        // Ours: the rgb24 frames through the pipe, frame by frame (no tone mapping, as ffmpeg alone has none).
        double ours;
        await using (var encoder = new FfmpegFrameEncoder(settings))
        {
            var frame = new byte[rgb.Length];
            await using var input = File.OpenRead(raw);
            await input.ReadExactlyAsync(frame);
            await encoder.EncodeRgbAsync(frame, CancellationToken.None);
            input.Position = 0;
            var started = Stopwatch.GetTimestamp();
            for (var n = 0; n < images.Length; n++)
            {
                await input.ReadExactlyAsync(frame);
                await encoder.EncodeRgbAsync(frame, CancellationToken.None);
            }

            ours = Stopwatch.GetElapsedTime(started).TotalMilliseconds / images.Length;
        }

        // ffmpeg alone: the same arguments but reading the file and writing nowhere; one frame timed
        // separately and subtracted so process start-up does not count.
        var whole = await TimeFfmpegAsync(settings, raw, images.Length);
        var one = await TimeFfmpegAsync(settings, raw, 1);
        var alone = (whole - one) / (images.Length - 1);
        File.Delete(raw);
        Console.WriteLine($"  h264 per frame, rgb24 in: through our pipe {ours:0.0} ms, ffmpeg alone from a file {alone:0.0} ms, ratio {ours / alone:0.00}");
    }

    private static async Task<double> TimeFfmpegAsync(EncoderSettings settings, string raw, int frames)
    {
        var arguments = FfmpegArgumentsFor(settings);
        arguments[arguments.IndexOf("-")] = raw; // the input
        arguments.InsertRange(arguments.IndexOf(raw) + 1, ["-frames:v", frames.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        arguments[^1] = "/dev/null";
        arguments.InsertRange(0, ["-y", "-nostdin"]); // /dev/null exists; never prompt
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static List<string> FfmpegArgumentsFor(EncoderSettings settings) => FfmpegArguments.For(settings, settings.BitrateKbps);

    private static LinearImage Frame(int width, int height, int n)
    {
        var image = new LinearImage(width, height);
        var noise = 0.5f / MathF.Sqrt(n + 1);
        var state = (uint)(n * 7919 + 1);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var jitter = ((state & 0xFFFF) / 65535f - 0.5f) * noise;
                var u = x / (float)width;
                var v = y / (float)height;
                image[x, y] = Vector3.Max(Vector3.Zero, new Vector3(0.2f + 0.6f * u + jitter, 0.3f + 0.4f * v + jitter, 0.5f - 0.3f * u * v + jitter));
            }
        }

        return image;
    }
}
