using System.Globalization;

namespace OrleansBridge.Rendering.Video;

/// <summary>The ffmpeg command lines of the encoders, in one place (docs/video.md explains each choice).</summary>
internal static class FfmpegArguments
{
    /// <summary>
    /// A raw rgb24 frame per input packet on stdin; one output unit per frame on stdout. Timestamps pass
    /// through (<c>-fps_mode passthrough</c>) so ffmpeg neither duplicates nor drops frames, and every
    /// packet is flushed at once (<c>-flush_packets 1</c>) instead of waiting for the muxer's buffer.
    /// The input is not probed (<c>-probesize 32</c>, the least ffmpeg takes): its format, size and pixel
    /// format are given, and probing reads ahead; at 120 fps, 640×360 and up, ffmpeg 5.1 held the first
    /// frame back until the next one was written, which the one-frame lock-step never does (a 10 s hang,
    /// then a restart that hangs again).
    /// </summary>
    public static List<string> For(EncoderSettings settings, int bitrateKbps)
    {
        var arguments = new List<string>
        {
            "-hide_banner", "-loglevel", "error",
            "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", $"{settings.Width}x{settings.Height}",
            "-r", settings.Fps.ToString(CultureInfo.InvariantCulture),
            "-probesize", "32",
            "-i", "-", "-an",
        };
        switch (settings.Format)
        {
            case VideoFormat.H264:
                AddH264(arguments, settings, bitrateKbps);
                arguments.AddRange(["-fps_mode", "passthrough", "-flush_packets", "1", "-f", "flv", "-"]);
                break;
            case VideoFormat.Jpg:
                // mjpeg's qscale 2 (best) … 31 (worst), from quality 100 … 1.
                var q = 2 + ((100 - Math.Clamp(settings.Quality, 1, 100)) * 29 / 99);
                // One thread: mjpeg's frame threads would hold frames back (a delay of one frame per thread).
                arguments.AddRange(["-c:v", "mjpeg", "-threads", "1", "-pix_fmt", "yuvj420p", "-q:v", q.ToString(CultureInfo.InvariantCulture)]);
                arguments.AddRange(["-fps_mode", "passthrough", "-flush_packets", "1", "-f", "image2pipe", "-"]);
                break;
            case VideoFormat.Webp:
                arguments.AddRange(["-c:v", "libwebp", "-quality", Math.Clamp(settings.Quality, 1, 100).ToString(CultureInfo.InvariantCulture), "-compression_level", "0"]);
                arguments.AddRange(["-fps_mode", "passthrough", "-flush_packets", "1", "-f", "image2pipe", "-"]);
                break;
            default:
                throw new ArgumentException($"{settings.Format} is not encoded by ffmpeg.", nameof(settings));
        }

        return arguments;
    }

    /// <summary>
    /// <see cref="For"/> split for FFMpegCore's pipes: the options before <c>-i</c> (global and input) and those
    /// between the input and the output, without the pipe names, which FFMpegCore adds.
    /// </summary>
    public static (List<string> Input, List<string> Output) ForPipes(EncoderSettings settings, int bitrateKbps)
    {
        var all = For(settings, bitrateKbps);
        var input = all.IndexOf("-i");
        return (all[..input], all[(input + 2)..^1]);
    }

    private static void AddH264(List<string> arguments, EncoderSettings settings, int bitrateKbps)
    {
        var rate = $"{bitrateKbps}k";
        // VBV: Monte Carlo noise is nearly incompressible, so without a cap an early frame of a few
        // samples per pixel costs megabits. maxrate = average and a half-second buffer keep every frame
        // within the link's budget (x264's VBV, "--vbv-maxrate/--vbv-bufsize").
        var buffer = $"{Math.Max(bitrateKbps / 2, 1)}k";
        if (settings.UseNvenc)
        {
            arguments.AddRange([
                "-c:v", "h264_nvenc", "-preset", "p1", "-tune", "ull", "-zerolatency", "1", "-rc", "cbr",
                "-b:v", rate, "-maxrate", rate, "-bufsize", buffer, "-g", "100000", "-bf", "0", "-pix_fmt", "yuv420p",
            ]);
            return;
        }

        // ultrafast + zerolatency: no B-frames, no lookahead, one frame in, one access unit out.
        // A huge GOP and no scene-cut keyframes: keyframes come only when asked for (a new encoder
        // process starts with an IDR), so the VBV is not spent on unrequested I-frames.
        arguments.AddRange([
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-b:v", rate, "-maxrate", rate, "-bufsize", buffer, "-g", "100000", "-sc_threshold", "0", "-bf", "0",
        ]);
    }
}
