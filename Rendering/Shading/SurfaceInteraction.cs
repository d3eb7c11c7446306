using System.Numerics;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Shading;

/// <summary>
/// Everything the integrator needs at a hit: where it is, the geometric normal and the shading frame
/// (both turned towards the side the ray came from), and the material's textured parameters.
/// </summary>
internal struct SurfaceInteraction
{
    /// <summary>World-space hit point (interpolated from the vertices, not t along the ray).</summary>
    public Vector3 Position;

    /// <summary>Unit geometric normal on the side of the incoming ray.</summary>
    public Vector3 GeometricNormal;

    /// <summary>Shading frame (normal-mapped, interpolated normal as +Z) on the side of the incoming ray.</summary>
    public Frame Shading;

    /// <summary>Linear base colour.</summary>
    public Vector3 BaseColor;

    /// <summary>Metalness.</summary>
    public float Metallic;

    /// <summary>Perceptual roughness.</summary>
    public float Roughness;

    /// <summary>KHR_materials_transmission (textured).</summary>
    public float Transmission;

    /// <summary>Index of refraction of the material's dielectric.</summary>
    public float Ior;

    /// <summary>True when transmission keeps the direction (no volume).</summary>
    public bool ThinWalled;

    /// <summary>Absorption coefficient of the medium the material encloses (zero when none).</summary>
    public Vector3 Absorption;

    /// <summary>KHR_materials_clearcoat strength (textured).</summary>
    public float Clearcoat;

    /// <summary>The coat's perceptual roughness (textured).</summary>
    public float ClearcoatRoughness;

    /// <summary>KHR_materials_specular factor (textured).</summary>
    public float Specular;

    /// <summary>KHR_materials_specular colour (textured).</summary>
    public Vector3 SpecularColor;

    /// <summary>KHR_materials_sheen colour (textured); zero for no sheen.</summary>
    public Vector3 SheenColor;

    /// <summary>KHR_materials_sheen perceptual roughness (textured).</summary>
    public float SheenRoughness;

    /// <summary>Ambient occlusion factor (1 = none), applied to environment light.</summary>
    public float Occlusion;

    /// <summary>Emitted radiance towards the incoming ray (zero from a non-emitting back face).</summary>
    public Vector3 Emission;

    /// <summary>True when the ray hit the front (counter-clockwise) face.</summary>
    public bool FrontFace;
}
