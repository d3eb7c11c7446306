namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// The one photometric-to-radiometric conversion the renderer applies, and where.
/// </summary>
/// <remarks>
/// KHR_lights_punctual defines light intensities photometrically: candela (lm/sr) for point and spot
/// lights, lux (lm/m²) for directional lights. Light transport is radiometric, so those values are
/// divided by <see cref="LumensPerWatt"/> = 683 lm/W, the maximum luminous efficacy (at 555 nm), the
/// factor the SI uses to define the candela: I cd → I/683 W/sr, E lx → E/683 W/m², each times the
/// light's linear RGB colour. Blender's glTF importer converts with the same factor
/// (PBR_WATTS_TO_LUMENS = 683), so a glTF scene renders alike here and in Cycles.
/// Emissive materials and the environment are not converted: glTF gives emission no photometric unit
/// (emissiveFactor × KHR_materials_emissive_strength is used directly as radiance, as Blender does with
/// Emission Strength), and the environment is radiance by definition here.
/// </remarks>
public static class Photometry
{
    /// <summary>Lumens per watt used to convert photometric light intensities (SI definition of the candela).</summary>
    public const float LumensPerWatt = 683f;

    /// <summary>Radiant intensity (W/sr) of a point or spot light of <paramref name="candela"/>.</summary>
    public static float RadiantIntensity(float candela) => candela / LumensPerWatt;

    /// <summary>Irradiance (W/m²) of a directional light of <paramref name="lux"/>.</summary>
    public static float Irradiance(float lux) => lux / LumensPerWatt;
}
