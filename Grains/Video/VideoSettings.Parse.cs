using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Video;

/// <summary>Reading settings from the wire, once, at the edge.</summary>
public sealed partial record VideoSettings
{
    /// <summary>Most video contexts one session may have: each renders with every core it is given.</summary>
    public const int MaxContextsPerSession = 4;

    /// <summary>
    /// Applies <paramref name="p"/> on top of <paramref name="current"/> (null: a new context, whose
    /// mode picks its defaults, starting from <paramref name="defaults"/>: the server's) and validates the
    /// result as a whole. False with a reason a person can act on.
    /// </summary>
    public static bool TryApply(VideoSettings? current, VideoSettingsParams p, out VideoSettings settings, out string problem, VideoSettings? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        settings = current ?? defaults ?? new VideoSettings();
        problem = string.Empty;
        var mode = settings.Mode;
        if (p.Mode is not null && !Enum.TryParse(p.Mode, ignoreCase: true, out mode))
        {
            problem = $"mode '{p.Mode}' is not one of streaming, synchronous, batch.";
            return false;
        }

        var format = settings.Format;
        if (p.Format is not null && !VideoFormats.TryParse(p.Format, out format))
        {
            problem = $"format '{p.Format}' is not one of h264, jpg, png, webp, exr, lossless.";
            return false;
        }

        if (current is null)
        {
            // A new synchronous or batch context converges quickly by default; batch sends lossless frames.
            settings = settings with
            {
                Spp = mode == VideoMode.Streaming ? settings.Spp : 16,
                Format = p.Format is null && mode == VideoMode.Batch ? VideoFormat.Lossless : format,
            };
            format = settings.Format;
        }

        settings = settings with
        {
            Camera = p.Camera ?? settings.Camera,
            Width = p.Width ?? settings.Width,
            Height = p.Height ?? settings.Height,
            Format = format,
            Mode = mode,
            TargetKbps = p.TargetKbps ?? settings.TargetKbps,
            MinKbps = p.MinKbps ?? settings.MinKbps,
            MaxKbps = p.MaxKbps ?? settings.MaxKbps,
            MaxFps = p.MaxFps ?? settings.MaxFps,
            RenderFps = p.RenderFps ?? settings.RenderFps,
            MaxPendingFrames = p.MaxPendingFrames ?? settings.MaxPendingFrames,
            Spp = p.Spp ?? settings.Spp,
            SamplesPerPass = p.SamplesPerPass ?? settings.SamplesPerPass,
            Quality = p.Quality ?? settings.Quality,
            Denoise = p.Denoise ?? settings.Denoise,
            ClampDirect = p.ClampDirect ?? settings.ClampDirect,
            ClampIndirect = p.ClampIndirect ?? settings.ClampIndirect,
            FilterGlossy = p.FilterGlossy ?? settings.FilterGlossy,
            Diffuse = DiffuseModels.TryParse(p.Diffuse, out var diffuse) ? diffuse : settings.Diffuse,
            PixelFilter = p.PixelFilter ?? settings.PixelFilter,
            Adaptive = p.Adaptive ?? settings.Adaptive,
        };
        problem = DiffuseModels.Refusal("diffuse", p.Diffuse) ?? settings.Check();
        return problem.Length == 0;
    }

    /// <summary>A new context's settings on a server configured with <paramref name="rendering"/> (<c>Bridge:Rendering</c>): its denoiser, clamps, glossy filter, diffuse lobe, pixel filter and adaptive sampling.</summary>
    public static VideoSettings Defaults(RenderingOptions rendering)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        return new VideoSettings
        {
            Denoise = rendering.Denoise,
            ClampDirect = rendering.ClampDirect,
            ClampIndirect = rendering.ClampIndirect,
            FilterGlossy = rendering.FilterGlossy,
            Diffuse = DiffuseModels.TryParse(rendering.Diffuse, out var diffuse) ? diffuse : DiffuseModel.Gltf,
            PixelFilter = rendering.PixelFilter,
            Adaptive = rendering.AdaptiveSampling,
        };
    }

    /// <summary>Every setting in the wire form, so that <see cref="TryRead"/> gives these settings back (between silos).</summary>
    public VideoSettingsParams ToParams() => new(
        null, Camera, Width, Height, VideoFormats.Name(Format), Mode.ToString().ToLowerInvariant(), TargetKbps, MinKbps, MaxKbps,
        MaxFps, RenderFps, MaxPendingFrames, Spp, SamplesPerPass, Quality, Denoise, ClampDirect, ClampIndirect, FilterGlossy, DiffuseModels.Name(Diffuse), PixelFilter, Adaptive);

    /// <summary>Settings written by <see cref="ToParams"/>, validated again (absent values take the defaults of an existing context).</summary>
    public static bool TryRead(VideoSettingsParams p, out VideoSettings settings, out string problem) =>
        TryApply(new VideoSettings(), p, out settings, out problem);

    private string Check()
    {
        if (Width is < 16 or > 3840 || Height is < 16 or > 2160)
        {
            return $"width and height must be 16–3840 and 16–2160; got {Width}x{Height}.";
        }

        if (Format == VideoFormat.H264 && (Width % 2 != 0 || Height % 2 != 0))
        {
            return $"h264 needs an even width and height (4:2:0 chroma); got {Width}x{Height}.";
        }

        if (Mode == VideoMode.Batch && Format is not (VideoFormat.Lossless or VideoFormat.Png or VideoFormat.Exr))
        {
            return $"batch mode sends one lossless frame: format must be lossless, png or exr, not {VideoFormats.Name(Format)}.";
        }

        if (MinKbps < 50 || MaxKbps > 200_000 || MinKbps > TargetKbps || TargetKbps > MaxKbps)
        {
            return $"bitrates must satisfy 50 ≤ minKbps ≤ targetKbps ≤ maxKbps ≤ 200000; got {MinKbps}, {TargetKbps}, {MaxKbps}.";
        }

        if (!double.IsFinite(MaxFps) || MaxFps is < 0.1 or > 120 || !double.IsFinite(RenderFps) || RenderFps is < 0.1 or > 240)
        {
            return $"maxFps must be 0.1–120 and renderFps 0.1–240; got {MaxFps} and {RenderFps}.";
        }

        if (MaxPendingFrames is < 1 or > 64)
        {
            return $"maxPendingFrames must be 1–64; got {MaxPendingFrames}.";
        }

        if (Spp is < 1 or > 65536 || SamplesPerPass is < 1 or > 64)
        {
            return $"spp must be 1–65536 and samplesPerPass 1–64; got {Spp} and {SamplesPerPass}.";
        }

        if (Quality is < 1 or > 100)
        {
            return $"quality must be 1–100; got {Quality}.";
        }

        return FireflyFilter.Refusal("clampDirect", ClampDirect)
            ?? FireflyFilter.Refusal("clampIndirect", ClampIndirect)
            ?? FireflyFilter.Refusal("filterGlossy", FilterGlossy)
            ?? Rendering.Sampling.PixelFilter.Refusal("pixelFilter", PixelFilter)
            ?? string.Empty;
    }
}
