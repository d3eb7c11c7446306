namespace OrleansBridge.Scene.Elements;

/// <summary>
/// A glTF 2.0 metallic-roughness material, with KHR_materials_emissive_strength. Factors multiply
/// their textures, as in glTF; colours are linear. An absent colour means glTF's default, so the
/// JSON of a default material is just <c>{"type":"material"}</c>. The PBR extensions are nested
/// records, null when unused, so a material without them hashes as it always did. (A positional
/// record: JSON readers honour constructor defaults, while they would reset initialised init-only
/// properties.)
/// </summary>
/// <param name="BaseColorFactor">Linear RGBA in [0, 1]; null for white.</param>
/// <param name="BaseColorTexture">Multiplies the base colour.</param>
/// <param name="MetallicFactor">In [0, 1].</param>
/// <param name="RoughnessFactor">In [0, 1].</param>
/// <param name="MetallicRoughnessTexture">Blue channel metallic, green channel roughness.</param>
/// <param name="NormalTexture">Tangent-space normals.</param>
/// <param name="NormalScale">Scales the normal texture's x and y.</param>
/// <param name="OcclusionTexture">Red channel ambient occlusion.</param>
/// <param name="OcclusionStrength">In [0, 1].</param>
/// <param name="EmissiveFactor">Linear RGB in [0, 1]; null for black.</param>
/// <param name="EmissiveTexture">Multiplies the emissive colour.</param>
/// <param name="EmissiveStrength">KHR_materials_emissive_strength; at least 0.</param>
/// <param name="AlphaMode"><c>opaque</c>, <c>mask</c> or <c>blend</c>.</param>
/// <param name="AlphaCutoff">For <c>mask</c>: texels with alpha below are cut away.</param>
/// <param name="DoubleSided">Whether back faces are shaded.</param>
/// <param name="Ior">KHR_materials_ior: the dielectric's index of refraction, at least 1; null for 1.5.</param>
/// <param name="Transmission">KHR_materials_transmission; null for none.</param>
/// <param name="Volume">KHR_materials_volume; null for thin-walled.</param>
/// <param name="Clearcoat">KHR_materials_clearcoat; null for no coat.</param>
/// <param name="Specular">KHR_materials_specular; null for glTF's default specular.</param>
/// <param name="Sheen">KHR_materials_sheen; null for no sheen.</param>
public sealed record MaterialElement(
    float[]? BaseColorFactor = null,
    TextureRef? BaseColorTexture = null,
    float MetallicFactor = 1,
    float RoughnessFactor = 1,
    TextureRef? MetallicRoughnessTexture = null,
    TextureRef? NormalTexture = null,
    float NormalScale = 1,
    TextureRef? OcclusionTexture = null,
    float OcclusionStrength = 1,
    float[]? EmissiveFactor = null,
    TextureRef? EmissiveTexture = null,
    float EmissiveStrength = 1,
    string AlphaMode = "opaque",
    float AlphaCutoff = 0.5f,
    bool DoubleSided = false,
    float? Ior = null,
    MaterialTransmission? Transmission = null,
    MaterialVolume? Volume = null,
    MaterialClearcoat? Clearcoat = null,
    MaterialSpecular? Specular = null,
    MaterialSheen? Sheen = null) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "material";
}
