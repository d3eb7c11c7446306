using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// Image size, sampling targets and display settings of one render. A progressive render stops at
/// <see cref="SamplesPerPixel"/> or when <see cref="TimeBudget"/> is spent, whichever comes first.
/// </summary>
public sealed record RenderOptions
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 360;

    /// <summary>Target samples per pixel.</summary>
    public int SamplesPerPixel { get; init; } = 64;

    /// <summary>Optional wall-clock budget for reaching the target.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Maximum number of scattering events on a path (camera ray hit = first).</summary>
    public int MaxBounces { get; init; } = 8;

    /// <summary>Bounces before Russian roulette may end a path.</summary>
    public int RussianRouletteStart { get; init; } = 3;

    /// <summary>
    /// Limit on the RGB sum of a contribution from a path that has not bounced yet (Cycles'
    /// <c>sample_clamp_direct</c>); 0, the default, turns it off. Biased: see <see cref="FireflyFilter"/>.
    /// </summary>
    public float ClampDirect { get; init; }

    /// <summary>
    /// Limit on the RGB sum of a contribution after the first bounce (Cycles' <c>sample_clamp_indirect</c>,
    /// default 10); 0 turns it off. Removes fireflies and darkens bright indirect light (caustics, small
    /// bright lights seen in reflections).
    /// </summary>
    public float ClampIndirect { get; init; } = 10f;

    /// <summary>
    /// Cycles' "Filter Glossy" (<c>blur_glossy</c>, default 1): glossy lobes after a blurry bounce are made
    /// rougher; 0 turns it off. Blurs caustics and glossy reflections seen through diffuse bounces.
    /// </summary>
    public float FilterGlossy { get; init; } = 1f;

    /// <summary>
    /// The pixel filter's width in pixels (<see cref="Sampling.PixelFilter"/>): Blackman–Harris, Cycles'
    /// default 1.5; 0 is the box over the pixel. A sample lands up to this far from the pixel's centre.
    /// </summary>
    public float PixelFilter { get; init; } = Sampling.PixelFilter.CyclesDefault;

    /// <summary>The clamps and glossy filter as the integrator takes them.</summary>
    public FireflyFilter Filter => new(ClampDirect, ClampIndirect, FilterGlossy);

    /// <summary>
    /// Denoise the resolved image (<see cref="Denoising.AtrousDenoiser"/>): the film then also keeps
    /// first-hit albedo, normal and squared luminance per pixel. Biased: detail below the filter's
    /// edge-stopping thresholds is blurred. Off by default.
    /// </summary>
    public bool Denoise { get; init; }

    /// <summary>
    /// Adaptive sampling (<see cref="Integrators.AdaptiveAllocator"/>): once every pixel has
    /// <see cref="Integrators.AdaptiveAllocator.MinSamples"/> samples, each pass spends its samples (pass size × pixels)
    /// on the pixels whose relative error is largest; <see cref="SamplesPerPixel"/> is then the mean over the image.
    /// Slightly biased (a pixel's count depends on its own samples; docs/rendering.md, "Adaptive sampling"). The CPU
    /// path tracer only (a device backend renders every pixel alike). Off by default.
    /// </summary>
    public bool AdaptiveSampling { get; init; }

    /// <summary>Display transform used when the image is encoded to 8 bits.</summary>
    public ToneMapping ToneMapping { get; init; } = ToneMapping.Standard;

    /// <summary>Exposure in stops: linear values are multiplied by 2^ExposureStops before tone mapping.</summary>
    public float ExposureStops { get; init; }

    /// <summary>Edge of the square tiles handed to worker threads.</summary>
    public int TileSize { get; init; } = 16;

    /// <summary>Worker threads; -1 uses every core. The image does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Seed of the counter-based random numbers; changes every sample of every pixel.</summary>
    public uint Seed { get; init; }

    /// <summary>The dielectric base's diffuse lobe: glTF's (the default) or Blender's Principled v1 (<see cref="Materials.DiffuseModel"/>).</summary>
    public Materials.DiffuseModel Diffuse { get; init; }

    /// <summary>Independent random numbers instead of the Sobol points (the Monte Carlo baseline for tests and the bench).</summary>
    internal bool IndependentSamples { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values the renderer cannot use.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SamplesPerPixel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBounces, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RussianRouletteStart, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TileSize, 1);
        Filter.Validate();
        if (!Sampling.PixelFilter.IsValid(PixelFilter))
        {
            throw new ArgumentOutOfRangeException(nameof(PixelFilter), PixelFilter, $"Use a width from 0 to {Sampling.PixelFilter.MaxWidth} pixels.");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 or a positive count.");
        }
    }
}
