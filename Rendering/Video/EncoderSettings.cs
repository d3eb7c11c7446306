namespace OrleansBridge.Rendering.Video;

/// <summary>How a stream is encoded. Width and height must be even for H.264 (4:2:0 chroma).</summary>
public sealed record EncoderSettings
{
    /// <summary>The format.</summary>
    public VideoFormat Format { get; init; } = VideoFormat.H264;

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; } = 360;

    /// <summary>H.264 bitrate in kbit/s: the VBV's average and maximum rate.</summary>
    public int BitrateKbps { get; init; } = 4000;

    /// <summary>
    /// The nominal frame rate given to the encoder: it sizes the VBV per frame. Frames are sent when
    /// they are ready, not at this rate (timestamps pass through).
    /// </summary>
    public int Fps { get; init; } = 30;

    /// <summary>JPEG/WebP quality 1–100 (higher is better).</summary>
    public int Quality { get; init; } = 80;

    /// <summary>
    /// The folder of the ffmpeg executable for this encoder (FFMpegCore's <c>BinaryFolder</c>); null takes
    /// FFMpegCore's process-wide <c>GlobalFFOptions</c> (by default ffmpeg on the PATH).
    /// </summary>
    public string? FfmpegFolder { get; init; }

    /// <summary>Use NVENC for H.264 (only when <see cref="H264EncoderProbe"/> found it working).</summary>
    public bool UseNvenc { get; init; }

    /// <summary>
    /// Encode H.264 with libx264 in process (<see cref="X264FrameEncoder"/>) when the library loads and
    /// NVENC is not used; false keeps the ffmpeg process (<see cref="FfmpegFrameEncoder"/>).
    /// </summary>
    public bool InProcessH264 { get; init; } = true;

    /// <summary>How long one frame may take before the encoder is declared hung and restarted.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
