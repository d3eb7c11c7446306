using Microsoft.Extensions.Logging;
using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Video;

/// <summary>
/// Which H.264 encoder this process uses: probed once, from the start of the process (NVENC where a GPU
/// has it), logged at the first context.
/// </summary>
public sealed partial class VideoEncoders(ILogger<VideoEncoders> logger)
{
    private readonly Task<H264ProbeResult> _probe = H264EncoderProbe.ProbeAsync();
    private int _logged;

    /// <summary>True when H.264 contexts encode with NVENC here.</summary>
    public async Task<bool> NvencAsync()
    {
        var probe = await _probe;
        if (Interlocked.Exchange(ref _logged, 1) == 0)
        {
            // Which libx264: in process (keyframes and bitrate changes without restarts), or the ffmpeg process and why.
            var x264 = X264FrameEncoder.IsAvailable ? "libx264 in process" : $"libx264 through ffmpeg ({X264FrameEncoder.Unavailable})";
            LogProbed(probe.Nvenc ? "h264_nvenc" : x264, probe.Detail);
        }

        return probe.Nvenc;
    }

    [LoggerMessage(EventId = Logging.LogEvents.VideoEncoderProbed, Level = LogLevel.Information, Message = "H.264 video encoder: {Encoder} ({Detail})")]
    private partial void LogProbed(string encoder, string detail);
}
