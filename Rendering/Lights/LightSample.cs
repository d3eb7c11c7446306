using System.Numerics;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// A light sample for next-event estimation: direction and distance to the sampled point, what arrives
/// from it, and the density of having drawn it (solid angle, times the pick probability).
/// </summary>
internal struct LightSample
{
    /// <summary>Unit direction from the shading point towards the light.</summary>
    public Vector3 Wi;

    /// <summary>Distance to the sampled point; +∞ for directional and environment light.</summary>
    public float Distance;

    /// <summary>
    /// Incident radiance (area and environment lights) or irradiance (delta lights) carried along
    /// <see cref="Wi"/>.
    /// </summary>
    public Vector3 Radiance;

    /// <summary>Solid-angle density times pick probability; for delta lights the pick probability alone.</summary>
    public float Pdf;

    /// <summary>True for point, spot and directional lights: no BSDF sample can reach them.</summary>
    public bool IsDelta;

    /// <summary>True for the environment: the surface's occlusion texture applies to it.</summary>
    public bool IsEnvironment;
}
