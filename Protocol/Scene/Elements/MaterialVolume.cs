namespace OrleansBridge.Scene.Elements;

/// <summary>
/// KHR_materials_volume: the mesh encloses a homogeneous absorbing medium (Beer–Lambert). The
/// renderer measures the path length from the geometry; a thickness of 0 means thin-walled.
/// </summary>
/// <param name="ThicknessFactor">At least 0; 0 makes the material thin-walled (no volume).</param>
/// <param name="ThicknessTexture">Green channel multiplies the thickness (for rasterisers; see docs/rendering.md).</param>
/// <param name="AttenuationDistance">Positive distance at which white light becomes <paramref name="AttenuationColor"/>; null for infinity (no absorption).</param>
/// <param name="AttenuationColor">Linear RGB in [0, 1]; null for white.</param>
public sealed record MaterialVolume(
    float ThicknessFactor = 0,
    TextureRef? ThicknessTexture = null,
    float? AttenuationDistance = null,
    float[]? AttenuationColor = null);
