using System.Diagnostics;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// Finds out once per process whether ffmpeg's <c>h264_nvenc</c> works on this host: listed by
/// <c>ffmpeg -encoders</c> is not enough (Debian's ffmpeg lists it everywhere; it needs an NVIDIA
/// GPU with an NVENC unit and the driver's libnvidia-encode), so a one-frame trial encode decides.
/// Any failure (no GPU, no driver, a GPU without NVENC such as the H100) means libx264.
/// </summary>
public static class H264EncoderProbe
{
    private static readonly Lock Gate = new();
    private static Task<H264ProbeResult>? _result;

    /// <summary>The probe's result, run on the first call (about a second), then cached.</summary>
    public static Task<H264ProbeResult> ProbeAsync(string ffmpegPath = "ffmpeg")
    {
        lock (Gate)
        {
            return _result ??= Task.Run(() => RunAsync(ffmpegPath));
        }
    }

    private static async Task<H264ProbeResult> RunAsync(string ffmpegPath)
    {
        var (listed, encoders) = await RunFfmpegAsync(ffmpegPath, ["-hide_banner", "-encoders"]);
        if (listed != 0)
        {
            return new H264ProbeResult(false, false, $"ffmpeg did not run: {encoders}");
        }

        if (!encoders.Contains("h264_nvenc", StringComparison.Ordinal))
        {
            return new H264ProbeResult(true, false, "ffmpeg has no h264_nvenc; using libx264");
        }

        var (trial, output) = await RunFfmpegAsync(ffmpegPath, [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=gray:s=256x256:d=0.04",
            "-frames:v", "1", "-c:v", "h264_nvenc", "-f", "null", "-",
        ]);
        return trial == 0
            ? new H264ProbeResult(true, true, "h264_nvenc encoded a trial frame; using NVENC")
            : new H264ProbeResult(true, false, $"h264_nvenc failed its trial frame ({output.Trim().ReplaceLineEndings(" ")}); using libx264");
    }

    private static async Task<(int ExitCode, string Output)> RunFfmpegAsync(string ffmpegPath, string[] arguments)
    {
        var info = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var text = await stdout + await stderr;
            return (process.ExitCode, text.Length > 500 ? text[..500] : text);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            return (-1, ex.Message);
        }
    }
}
