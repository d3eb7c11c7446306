namespace OrleansBridge.Scene.Elements;

/// <summary>
/// KHR_materials_specular: the strength and colour of the dielectric part's specular reflection
/// (F0 = ((ior − 1)/(ior + 1))² × colour, capped at 1, then × factor). Absent means factor 1, white.
/// </summary>
/// <param name="Factor">In [0, 1].</param>
/// <param name="Texture">Alpha channel multiplies the factor.</param>
/// <param name="ColorFactor">Linear RGB, each at least 0 (values above 1 raise F0 for IORs below 1.5); null for white.</param>
/// <param name="ColorTexture">sRGB colour multiplying the colour factor.</param>
public sealed record MaterialSpecular(
    float Factor = 1,
    TextureRef? Texture = null,
    float[]? ColorFactor = null,
    TextureRef? ColorTexture = null);
