namespace OrleansBridge.Rendering.Video;

/// <summary>What <see cref="H264EncoderProbe"/> found.</summary>
/// <param name="FfmpegAvailable">ffmpeg ran.</param>
/// <param name="Nvenc">NVENC encodes on this host.</param>
/// <param name="Detail">One line for the log.</param>
public sealed record H264ProbeResult(bool FfmpegAvailable, bool Nvenc, string Detail);
