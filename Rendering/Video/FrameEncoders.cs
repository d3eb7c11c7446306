namespace OrleansBridge.Rendering.Video;

/// <summary>Chooses the encoder of a format.</summary>
public static class FrameEncoders
{
    /// <summary>An ffmpeg-backed encoder for h264, jpg and webp; an in-process one for png, exr and lossless.</summary>
    public static IFrameEncoder Create(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return VideoFormats.UsesFfmpeg(settings.Format) ? new FfmpegFrameEncoder(settings) : new InProcessFrameEncoder(settings);
    }
}
