namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// KHR_lights_punctual light types. Their intensities are photometric (see <see cref="LightData"/>);
/// all three are delta lights, so they are reached by next-event estimation only, never by a
/// BSDF-sampled ray, and need no multiple-importance weight.
/// </summary>
public enum LightKind
{
    /// <summary>Emits in all directions from the node's origin; intensity in candela.</summary>
    Point,

    /// <summary>A point light limited to a cone around the node's −Z; intensity in candela.</summary>
    Spot,

    /// <summary>Parallel light travelling along the node's −Z; intensity in lux.</summary>
    Directional,
}
