using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// A KHR_lights_punctual light placed by its node's global transform: position is the node origin, the
/// light points along the node's local −Z.
/// </summary>
/// <remarks>
/// Units, as glTF defines them: point and spot <see cref="Intensity"/> in candela (lm/sr), directional
/// in lux (lm/m²). The renderer works in radiometric units and divides by 683 lm/W, the luminous
/// efficacy at 555 nm: a point light of I cd has radiant intensity I/683 W/sr per unit of
/// <see cref="Color"/>, a sun of E lx has irradiance E/683 W/m². Blender's glTF importer uses the same
/// 683 lm/W, so scenes round-trip to Cycles with matching brightness.
/// </remarks>
public sealed record LightData
{
    /// <summary>Point, spot or directional.</summary>
    public required LightKind Kind { get; init; }

    /// <summary>Linear RGB colour; multiplies the intensity.</summary>
    public Vector3 Color { get; init; } = Vector3.One;

    /// <summary>Candela for point and spot lights, lux for directional lights.</summary>
    public float Intensity { get; init; } = 1f;

    /// <summary>
    /// Distance cutoff for point and spot lights (null: infinite). Applied with the smooth window glTF
    /// recommends, max(min(1 − (d/range)⁴, 1), 0), on top of the physical 1/d².
    /// </summary>
    public float? Range { get; init; }

    /// <summary>Spot: angle (radians) from the axis where the falloff starts.</summary>
    public float InnerConeAngle { get; init; }

    /// <summary>Spot: angle (radians) from the axis where the light reaches zero.</summary>
    public float OuterConeAngle { get; init; } = MathF.PI / 4f;

    /// <summary>The node's global transform (row-vector convention, as <see cref="InstanceData.Transform"/>).</summary>
    public Matrix4x4 Transform { get; init; } = Matrix4x4.Identity;

    /// <summary>World-space position: the node origin.</summary>
    public Vector3 Position => Transform.Translation;

    /// <summary>World-space unit direction the light travels: the node's −Z.</summary>
    public Vector3 Direction => Vector3.Normalize(Vector3.TransformNormal(-Vector3.UnitZ, Transform));
}
