using System.Numerics;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// What a camera sample's first hit looks like, besides its radiance: the guides of the denoiser
/// (<see cref="Denoising.AtrousDenoiser"/>). Filled by <see cref="ImageTileIntegrator.Li(in Geometry.Ray, ref Sampling.PixelSampler, ref SampleFeatures)"/>
/// at the first vertex (<see cref="Direct"/> along the path); a sample that escapes leaves white albedo and a zero normal.
/// </summary>
public struct SampleFeatures
{
    /// <summary>Linear base colour of the first surface hit; white where the camera ray escapes.</summary>
    public Vector3 Albedo { get; set; }

    /// <summary>Unit shading normal of the first surface hit, on the camera's side; zero where the ray escapes.</summary>
    public Vector3 Normal { get; set; }

    /// <summary>
    /// The part of the sample's radiance that scattered at most once: emission or background seen directly,
    /// and light scattered at the first hit (its light sample, and the emitter or environment its BSDF sample
    /// reaches). The denoiser filters it apart from the rest: its noise is small and its edges (shadows) sharp,
    /// the rest is noisy and smooth (SVGF's split of direct and indirect light).
    /// </summary>
    public Vector3 Direct { get; set; }

    /// <summary>The features of a camera ray that hit nothing.</summary>
    public static SampleFeatures Escaped => new() { Albedo = Vector3.One, Normal = Vector3.Zero };
}
