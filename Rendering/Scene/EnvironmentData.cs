using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// Light arriving from infinitely far away: a constant colour, or an equirectangular (latitude-longitude)
/// map. Values are radiance in the renderer's units with no photometric conversion, like Blender's world
/// strength: a constant environment of 1 seen directly gives pixel value 1 at exposure 0.
/// </summary>
/// <remarks>
/// Map convention (Y up, right-handed, like glTF): direction d maps to
/// u = 0.5 + atan2(d.x, −d.z) / 2π and v = acos(d.y) / π, so the image centre is seen looking down −Z,
/// the top row is +Y and u grows towards +X. <see cref="RotationY"/> turns the map about +Y.
/// </remarks>
public sealed record EnvironmentData
{
    /// <summary>Linear RGB radiance, or the tint of the map.</summary>
    public Vector3 Color { get; init; } = Vector3.One;

    /// <summary>Scalar multiplier.</summary>
    public float Intensity { get; init; } = 1f;

    /// <summary>Optional equirectangular map (float or 8-bit, read as linear).</summary>
    public TextureData? Map { get; init; }

    /// <summary>Rotation of the map about +Y in radians (counter-clockwise seen from above).</summary>
    public float RotationY { get; init; }

    /// <summary>
    /// Linear RGB that camera rays see where they escape, instead of the environment (which still
    /// lights the scene and shows in reflections); null shows the environment.
    /// </summary>
    public Vector3? Background { get; init; }
}
