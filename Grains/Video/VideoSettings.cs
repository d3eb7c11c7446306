using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Materials;
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

    /// <summary>Limit on a direct contribution, 0 off (<see cref="FireflyFilter"/>); the renderer's default for a new context.</summary>
    public float ClampDirect { get; init; } = FireflyFilter.CyclesDefaults.ClampDirect;

    /// <summary>Limit on an indirect contribution, 0 off; the renderer's default for a new context.</summary>
    public float ClampIndirect { get; init; } = FireflyFilter.CyclesDefaults.ClampIndirect;

    /// <summary>Glossy filter after rough bounces, 0 off; the renderer's default for a new context.</summary>
    public float FilterGlossy { get; init; } = FireflyFilter.CyclesDefaults.FilterGlossy;

    /// <summary>The materials' diffuse lobe; the renderer's default (glTF's) for a new context.</summary>
    public DiffuseModel Diffuse { get; init; }

    /// <summary>The pixel filter's width in pixels, 0 the box (<see cref="Rendering.Sampling.PixelFilter"/>); the renderer's default for a new context.</summary>
    public float PixelFilter { get; init; } = Rendering.Sampling.PixelFilter.CyclesDefault;

    /// <summary>Adaptive sampling (<see cref="Rendering.Scene.RenderOptions.AdaptiveSampling"/>); the server's default for a new context.</summary>
    public bool Adaptive { get; init; }

    /// <summary>The clamps and glossy filter as the renderer takes them.</summary>
    public FireflyFilter Filter => new(ClampDirect, ClampIndirect, FilterGlossy);

    /// <summary>True when switching from <paramref name="other"/> to these settings needs a new encoder (and a keyframe).</summary>
    public bool NeedsNewEncoder(VideoSettings other) =>
        other.Width != Width || other.Height != Height || other.Format != Format || other.Quality != Quality;

    /// <summary>
    /// True when switching needs a new film: size, camera, target or denoising changed (a denoised film keeps
    /// features), or the clamps, glossy filter, diffuse lobe or pixel filter (samples already summed were taken with the old ones),
    /// or adaptive sampling (the samples per pixel would mean another thing).
    /// </summary>
    public bool NeedsNewFilm(VideoSettings other) =>
        other.Width != Width || other.Height != Height || !string.Equals(other.Camera, Camera, StringComparison.Ordinal) || other.Spp != Spp
        || other.Denoise != Denoise || other.Filter != Filter || other.Diffuse != Diffuse || other.PixelFilter != PixelFilter
        || other.Adaptive != Adaptive;

    /// <summary>The wire form.</summary>
    public VideoContextResult ToResult(string context, string encoder) => new(
        context, VideoFormats.Name(Format), Mode.ToString().ToLowerInvariant(), encoder, Width, Height, Camera,
        TargetKbps, MinKbps, MaxKbps, MaxFps, RenderFps, MaxPendingFrames, Spp, SamplesPerPass, Quality, Denoise,
        ClampDirect, ClampIndirect, FilterGlossy, DiffuseModels.Name(Diffuse), PixelFilter, Adaptive);
}
