namespace OrleansBridge.Scene.Elements;

/// <summary>
/// KHR_materials_clearcoat: a thin dielectric (IOR 1.5) coat on top of the material, with its own
/// roughness and normal map. Absent on a material means no coat.
/// </summary>
/// <param name="Factor">Coat strength in [0, 1].</param>
/// <param name="Texture">Red channel multiplies the factor.</param>
/// <param name="RoughnessFactor">Coat perceptual roughness in [0, 1].</param>
/// <param name="RoughnessTexture">Green channel multiplies the roughness.</param>
/// <param name="NormalTexture">Tangent-space normals of the coat.</param>
/// <param name="NormalScale">Scales the coat normal texture's x and y.</param>
public sealed record MaterialClearcoat(
    float Factor = 0,
    TextureRef? Texture = null,
    float RoughnessFactor = 0,
    TextureRef? RoughnessTexture = null,
    TextureRef? NormalTexture = null,
    float NormalScale = 1);
