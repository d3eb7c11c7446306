using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Video;

/// <summary>A video context's settings, validated (docs/protocol.md §6.7 lists defaults and ranges).</summary>
public sealed partial record VideoSettings
{
    /// <summary>The camera element, or null for the scene's camera.</summary>
    public string? Camera { get; init; }

    public int Width { get; init; } = 640;

    public int Height { get; init; } = 360;

    public VideoFormat Format { get; init; } = VideoFormat.H264;

    public VideoMode Mode { get; init; } = VideoMode.Streaming;

    public int TargetKbps { get; init; } = 4000;

    public int MinKbps { get; init; } = 500;

    public int MaxKbps { get; init; } = 8000;

    public double MaxFps { get; init; } = 30;

    public double RenderFps { get; init; } = 30;

    public int MaxPendingFrames { get; init; } = 4;

    public int Spp { get; init; } = 256;

    public int SamplesPerPass { get; init; } = 1;

    public int Quality { get; init; } = 80;

    /// <summary>Frames are filtered by the renderer's denoiser (the film then keeps its feature buffers).</summary>
    public bool Denoise { get; init; }

    /// <summary>True when switching from <paramref name="other"/> to these settings needs a new encoder (and a keyframe).</summary>
    public bool NeedsNewEncoder(VideoSettings other) =>
        other.Width != Width || other.Height != Height || other.Format != Format || other.Quality != Quality;

    /// <summary>True when switching needs a new film (size, camera, target or denoising changed: a denoised film keeps features).</summary>
    public bool NeedsNewFilm(VideoSettings other) =>
        other.Width != Width || other.Height != Height || !string.Equals(other.Camera, Camera, StringComparison.Ordinal) || other.Spp != Spp
        || other.Denoise != Denoise;

    /// <summary>The wire form.</summary>
    public VideoContextResult ToResult(string context, string encoder) => new(
        context, VideoFormats.Name(Format), Mode.ToString().ToLowerInvariant(), encoder, Width, Height, Camera,
        TargetKbps, MinKbps, MaxKbps, MaxFps, RenderFps, MaxPendingFrames, Spp, SamplesPerPass, Quality, Denoise);
}
