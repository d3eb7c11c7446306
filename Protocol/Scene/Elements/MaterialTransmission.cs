namespace OrleansBridge.Scene.Elements;

/// <summary>
/// KHR_materials_transmission: the share of light the dielectric part lets through its surface
/// (refracted, or straight through when the material has no <see cref="MaterialVolume"/>), tinted by
/// the base colour. Absent on a material means no transmission.
/// </summary>
/// <param name="Factor">In [0, 1]; 0 is opaque.</param>
/// <param name="Texture">Red channel multiplies the factor.</param>
public sealed record MaterialTransmission(float Factor = 0, TextureRef? Texture = null);
