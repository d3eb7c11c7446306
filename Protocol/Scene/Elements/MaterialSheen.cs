namespace OrleansBridge.Scene.Elements;

/// <summary>
/// KHR_materials_sheen: a soft back-scattering layer, as of cloth or dust, over the material (under a
/// clear coat). Absent on a material, or with a black colour, means no sheen.
/// </summary>
/// <param name="ColorFactor">Linear RGB in [0, 1]; null for black (no sheen).</param>
/// <param name="ColorTexture">sRGB colour multiplying the colour factor.</param>
/// <param name="RoughnessFactor">Sheen perceptual roughness in [0, 1].</param>
/// <param name="RoughnessTexture">Alpha channel multiplies the roughness.</param>
public sealed record MaterialSheen(
    float[]? ColorFactor = null,
    TextureRef? ColorTexture = null,
    float RoughnessFactor = 0,
    TextureRef? RoughnessTexture = null);
