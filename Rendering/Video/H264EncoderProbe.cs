using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// Finds out once per process whether ffmpeg's <c>h264_nvenc</c> works on this host: listed by
/// <c>ffmpeg -encoders</c> is not enough (Debian's ffmpeg lists it everywhere; it needs an NVIDIA
/// GPU with an NVENC unit and the driver's libnvidia-encode), so a one-frame trial encode decides.
/// Any failure (no GPU, no driver, a GPU without NVENC such as the H100) means libx264.
/// <para>
/// Both steps run through FFMpegCore: its codec list (<c>-codecs</c>, <c>-encoders</c>, <c>-decoders</c>,
/// parsed and cached by FFMpegCore for the process) and an argument run for the trial. Both use
/// <see cref="GlobalFFOptions"/> (<c>BinaryFolder</c>, or ffmpeg on the PATH), the process-wide
/// setting, as the result is process-wide too.
/// </para>
/// </summary>
public static class H264EncoderProbe
{
    /// <summary>How long the trial encode may take before it counts as a failure.</summary>
    private static readonly TimeSpan TrialTimeout = TimeSpan.FromSeconds(20);

    private static readonly Lock Gate = new();
    private static Task<H264ProbeResult>? _result;

    /// <summary>The probe's result, run on the first call (about a second), then cached.</summary>
    public static Task<H264ProbeResult> ProbeAsync()
    {
        lock (Gate)
        {
            return _result ??= Task.Run(RunAsync);
        }
    }

    private static async Task<H264ProbeResult> RunAsync()
    {
        bool listed;
        try
        {
            listed = FFMpeg.TryGetCodec("h264_nvenc", out var codec) && codec.EncodingSupported;
        }
        catch (Exception ex) when (IsFfmpegFailure(ex))
        {
            return new H264ProbeResult(false, false, $"ffmpeg did not run: {Clip(ex)}");
        }

        if (!listed)
        {
            return new H264ProbeResult(true, false, "ffmpeg has no h264_nvenc; using libx264");
        }

        using var timeout = new CancellationTokenSource(TrialTimeout);
        try
        {
            await FFMpegArguments
                .FromFileInput("color=c=gray:s=256x256:d=0.04", verifyExists: false, options => options.ForceFormat("lavfi"))
                .OutputToFile("-", overwrite: false, options => options.WithVideoCodec("h264_nvenc").WithFrameCount(1).ForceFormat("null"))
                .WithLogLevel(FFMpegLogLevel.Error)
                .CancellableThrough(timeout.Token)
                .ProcessAsynchronously(throwOnError: true);
            return new H264ProbeResult(true, true, "h264_nvenc encoded a trial frame; using NVENC");
        }
        catch (OperationCanceledException)
        {
            return new H264ProbeResult(true, false, $"h264_nvenc gave no trial frame within {TrialTimeout.TotalSeconds:0} s; using libx264");
        }
        catch (Exception ex) when (IsFfmpegFailure(ex))
        {
            return new H264ProbeResult(true, false, $"h264_nvenc failed its trial frame ({Clip(ex)}); using libx264");
        }
    }

    /// <summary>ffmpeg missing, not startable, or ending with an error: the expected ways a probe fails.</summary>
    internal static bool IsFfmpegFailure(Exception ex) =>
        ex is FFMpegException or Instances.Exceptions.InstanceFileNotFoundException or System.ComponentModel.Win32Exception or InvalidOperationException;

    private static string Clip(Exception ex)
    {
        var text = ex.Message.Trim().ReplaceLineEndings(" ");
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
