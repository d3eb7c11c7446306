namespace OrleansBridge.Rendering.Video;

/// <summary>Chooses the encoder of a format.</summary>
public static class FrameEncoders
{
    /// <summary>
    /// libx264 in process for h264 when it loads (not for NVENC, and unless
    /// <see cref="EncoderSettings.InProcessH264"/> is off); an ffmpeg-backed encoder for h264 otherwise and
    /// for jpg and webp; an in-process one for png, exr and lossless.
    /// </summary>
    public static IFrameEncoder Create(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Format == VideoFormat.H264 && !settings.UseNvenc && settings.InProcessH264 && X264FrameEncoder.IsAvailable)
        {
            return new X264FrameEncoder(settings);
        }

        return VideoFormats.UsesFfmpeg(settings.Format) ? new FfmpegFrameEncoder(settings) : new InProcessFrameEncoder(settings);
    }
}
