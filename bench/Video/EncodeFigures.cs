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
    private const int Rounds = 3;

    public static async Task RunAsync(int frames)
    {
        const int Width = 1280;
        const int Height = 720;
        var images = Enumerable.Range(0, frames).Select(n => Frame(Width, Height, n)).ToArray();
        Console.WriteLine($"encode: {frames} frames of {Width}x{Height}, noise falling as 1/sqrt(n+1) (a progressive render's first frames)");
        Console.WriteLine($"  {"format",-9}{"mean ms",9}{"p99 ms",9}{"bytes/frame",13}{"kbit/s at 30 fps",18}");
        foreach (var (format, inProcess) in new[] { (VideoFormat.H264, true), (VideoFormat.H264, false), (VideoFormat.Jpg, true), (VideoFormat.Webp, true), (VideoFormat.Png, true), (VideoFormat.Exr, true), (VideoFormat.Lossless, true) })
        {
            await using var encoder = FrameEncoders.Create(new EncoderSettings { Format = format, Width = Width, Height = Height, BitrateKbps = 8000, InProcessH264 = inProcess });
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
            var name = format == VideoFormat.H264 ? (encoder is X264FrameEncoder ? "h264" : "h264/ff") : VideoFormats.Name(format);
            Console.WriteLine($"  {name,-9}{mean,9:0.0}{p99,9:0.0}{bytes / frames,13:N0}{bytes / frames * 8 * 30 / 1000.0,18:N0}");
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

        // Three rounds, the three encoders interleaved in each, medians reported: on a shared machine a
        // burst of someone else's load lands in one round of one encoder, not in the comparison.
        var pipe = new List<double>();
        var inProcess = new List<double>();
        var alone = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // Ours: the rgb24 frames through the pipe, frame by frame (no tone mapping, as ffmpeg alone has none).
            pipe.Add(await TimeOursAsync(new FfmpegFrameEncoder(settings), raw, rgb.Length, images.Length));

            // libx264 in process on the same frames (rgb24 to I420 here, as swscale does in ffmpeg alone).
            inProcess.Add(X264FrameEncoder.IsAvailable ? await TimeOursAsync(new X264FrameEncoder(settings), raw, rgb.Length, images.Length) : double.NaN);

            // ffmpeg alone: the same arguments but reading the file and writing nowhere; one frame timed
            // separately and subtracted so process start-up does not count.
            var whole = await TimeFfmpegAsync(settings, raw, images.Length);
            var one = await TimeFfmpegAsync(settings, raw, 1);
            alone.Add((whole - one) / (images.Length - 1));
        }

        File.Delete(raw);
        var (p, x, a) = (Median(pipe), Median(inProcess), Median(alone));
        Console.WriteLine($"  h264 per frame, rgb24 in, median of {Rounds} rounds: ffmpeg alone from a file {a:0.0} ms; through the ffmpeg pipes (FFMpegCore) {p:0.0} ms, ratio {p / a:0.00}; libx264 in process {x:0.0} ms, ratio {x / a:0.00}");
        Console.WriteLine($"    rounds (pipe / in process / alone, ms): {string.Join("; ", pipe.Select((_, i) => $"{pipe[i]:0.0} / {inProcess[i]:0.0} / {alone[i]:0.0}"))}");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Mean ms per frame of <paramref name="encoder"/> over the frames of <paramref name="raw"/>, read in the timed loop (ffmpeg alone reads them too); the first frame, encoded before, warms it up.</summary>
    private static async Task<double> TimeOursAsync(IFrameEncoder encoder, string raw, int frameBytes, int frames)
    {
        await using (encoder)
        {
            var frame = new byte[frameBytes];
            await using var input = File.OpenRead(raw);
            await input.ReadExactlyAsync(frame);
            await EncodeRgbAsync(encoder, frame);
            input.Position = 0;
            var started = Stopwatch.GetTimestamp();
            for (var n = 0; n < frames; n++)
            {
                await input.ReadExactlyAsync(frame);
                await EncodeRgbAsync(encoder, frame);
            }

            return Stopwatch.GetElapsedTime(started).TotalMilliseconds / frames;
        }
    }

    private static async ValueTask EncodeRgbAsync(IFrameEncoder encoder, byte[] rgb)
    {
        var outcome = encoder is X264FrameEncoder x264 ? x264.EncodeRgb(rgb) : await ((FfmpegFrameEncoder)encoder).EncodeRgbAsync(rgb, CancellationToken.None);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Failure);
        }
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
