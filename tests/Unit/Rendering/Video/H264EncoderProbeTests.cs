using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Tests.Rendering.Video;

public sealed class H264EncoderProbeTests
{
    [Fact]
    public async Task Probe_RealFfmpeg_RunsOnceAndSaysWhichEncoderAndWhy()
    {
        var first = H264EncoderProbe.ProbeAsync();
        var result = await first;

        Assert.Same(first, H264EncoderProbe.ProbeAsync()); // cached for the process
        Assert.True(result.FfmpegAvailable, result.Detail);
        // Debian's ffmpeg lists h264_nvenc, so the listing passes and the trial decides: on a host without an
        // NVIDIA encoder it fails with ffmpeg's own words; with one it encodes.
        Assert.Equal(result.Nvenc, result.Detail.EndsWith("using NVENC", StringComparison.Ordinal));
        Assert.True(result.Nvenc || result.Detail.EndsWith("using libx264", StringComparison.Ordinal), result.Detail);
    }
}
