using System.Numerics;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// What a camera sample's first hit looks like, besides its radiance: the guides of the denoiser
/// (<see cref="Denoising.AtrousDenoiser"/>). Filled by <see cref="ImageTileIntegrator.Li(in Geometry.Ray, ref Sampling.PixelSampler, ref SampleFeatures)"/>
/// at the first vertex; a sample that escapes leaves white albedo and a zero normal.
/// </summary>
public struct SampleFeatures
{
    /// <summary>Linear base colour of the first surface hit; white where the camera ray escapes.</summary>
    public Vector3 Albedo { get; set; }

    /// <summary>Unit shading normal of the first surface hit, on the camera's side; zero where the ray escapes.</summary>
    public Vector3 Normal { get; set; }

    /// <summary>The features of a camera ray that hit nothing.</summary>
    public static SampleFeatures Escaped => new() { Albedo = Vector3.One, Normal = Vector3.Zero };
}
