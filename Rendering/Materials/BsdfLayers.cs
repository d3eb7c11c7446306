using System.Numerics;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The KHR_materials_* parameters of <see cref="GltfBsdf"/> at one surface point: transmission and
/// IOR (KHR_materials_transmission, _ior), whether transmission refracts into a volume or is thin-walled
/// (KHR_materials_volume), the clear coat (KHR_materials_clearcoat) and the dielectric specular
/// strength and colour (KHR_materials_specular) and the sheen (KHR_materials_sheen).
/// </summary>
/// <param name="Transmission">Share of the dielectric part's non-reflected light that passes the surface, in [0, 1].</param>
/// <param name="Ior">Index of refraction of the dielectric (at least 1).</param>
/// <param name="Inside">True when the viewer (wo) is inside the volume, so light leaves it through the surface.</param>
/// <param name="ThinWalled">True when transmission keeps its direction (no volume).</param>
/// <param name="Clearcoat">Coat strength in [0, 1].</param>
/// <param name="ClearcoatRoughness">Coat perceptual roughness in [0, 1].</param>
/// <param name="Specular">Dielectric specular strength in [0, 1].</param>
/// <param name="SpecularColor">Colour multiplying the dielectric F0.</param>
/// <param name="SheenColor">Linear sheen colour; zero for no sheen.</param>
/// <param name="SheenRoughness">Sheen perceptual roughness in [0, 1].</param>
internal readonly record struct BsdfLayers(
    float Transmission,
    float Ior,
    bool Inside,
    bool ThinWalled,
    float Clearcoat,
    float ClearcoatRoughness,
    float Specular,
    Vector3 SpecularColor,
    Vector3 SheenColor = default,
    float SheenRoughness = 0f)
{
    /// <summary>glTF's defaults: opaque, IOR 1.5, no coat, full white specular, no sheen.</summary>
    public static BsdfLayers None => new(0f, 1.5f, false, true, 0f, 0f, 1f, Vector3.One);
}
