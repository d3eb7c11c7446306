using System.Numerics;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// A point, spot or directional light in world space with its intensity already radiometric
/// (see <see cref="Photometry"/>). Delta lights: reached by next-event estimation only.
/// </summary>
internal readonly struct PunctualLight
{
    private readonly LightKind _kind;
    private readonly Vector3 _position;
    private readonly Vector3 _direction;
    private readonly Vector3 _intensity;
    private readonly float _spotScale;
    private readonly float _spotOffset;
    private readonly float _cosInner;
    private readonly float _cosOuter;
    private readonly float _range;

    /// <summary>Converts <paramref name="light"/> to world space and radiometric units.</summary>
    public PunctualLight(LightData light)
    {
        _kind = light.Kind;
        _position = light.Position;
        _direction = light.Direction;
        var scalar = light.Kind == LightKind.Directional ? Photometry.Irradiance(light.Intensity) : Photometry.RadiantIntensity(light.Intensity);
        _intensity = light.Color * scalar;
        _range = light.Range is { } r && r > 0f ? r : float.PositiveInfinity;

        // KHR_lights_punctual, "Inner and Outer Cone Angles": a smooth step in cos between the cones,
        // squared, with the recommended guard against equal angles.
        _cosOuter = MathF.Cos(light.OuterConeAngle);
        _cosInner = MathF.Cos(light.InnerConeAngle);
        _spotScale = 1f / MathF.Max(0.001f, _cosInner - _cosOuter);
        _spotOffset = -_cosOuter * _spotScale;
    }

    /// <summary>Radiant intensity (W/sr per colour) of point and spot lights at the cone's centre; irradiance (W/m²) of a directional light.</summary>
    public Vector3 PeakIntensity => _intensity;

    /// <summary>The flattened fields (kind, position, direction, spot scale and offset, range) for device upload.</summary>
    public (LightKind Kind, Vector3 Position, Vector3 Direction, float SpotScale, float SpotOffset, float Range) Parameters =>
        (_kind, _position, _direction, _spotScale, _spotOffset, _range);

    /// <summary>
    /// Bounds for the light tree (point and spot lights): a point, intensity by luminance, and for a spot
    /// the cone of the inner angle spreading to the outer one (1 mrad more, so a hard-edged spot still has a
    /// spread and float rounding at the edge never gives a lit point zero importance).
    /// </summary>
    public LightBounds Bounds()
    {
        var phi = Materials.GltfBsdf.Luminance(_intensity);
        if (_kind != LightKind.Spot)
        {
            return new LightBounds(_position, _position, Vector3.UnitZ, phi, -1f, 0f, false);
        }

        var inner = MathF.Acos(Math.Clamp(_cosInner, -1f, 1f));
        var outer = MathF.Acos(Math.Clamp(_cosOuter, -1f, 1f));
        return new LightBounds(_position, _position, _direction, phi, _cosInner, MathF.Cos(MathF.Min(MathF.PI, MathF.Max(0f, outer - inner) + 1e-3f)), false);
    }

    /// <summary>Unit direction from any point towards a directional light.</summary>
    public Vector3 TowardsLight => -_direction;

    /// <summary>True for directional lights (no position, infinitely far).</summary>
    public bool IsInfinite => _kind == LightKind.Directional;

    /// <summary>
    /// Radiance-like contribution arriving at <paramref name="p"/>: the direction towards the light, the
    /// distance (∞ for directional) and the irradiance on a surface facing the light (W/m² per colour).
    /// </summary>
    public Vector3 Illuminate(Vector3 p, out Vector3 wi, out float distance)
    {
        if (_kind == LightKind.Directional)
        {
            wi = -_direction;
            distance = float.PositiveInfinity;
            return _intensity;
        }

        var d = _position - p;
        var distanceSquared = d.LengthSquared();
        distance = MathF.Sqrt(distanceSquared);
        wi = d / distance;
        var attenuation = 1f / distanceSquared;
        if (_range < float.PositiveInfinity)
        {
            var ratio = distance / _range;
            var ratio2 = ratio * ratio;
            attenuation *= Math.Clamp(1f - (ratio2 * ratio2), 0f, 1f);
        }

        if (_kind == LightKind.Spot)
        {
            attenuation *= SpotFalloff(Vector3.Dot(_direction, -wi));
        }

        return _intensity * attenuation;
    }

    /// <summary>The glTF cone attenuation for cosine <paramref name="cosAngle"/> from the spot axis.</summary>
    public float SpotFalloff(float cosAngle)
    {
        var t = Math.Clamp((cosAngle * _spotScale) + _spotOffset, 0f, 1f);
        return t * t;
    }

    /// <summary>Emitted power (luminance-weighted) for picking lights; directional uses the scene disc.</summary>
    public float Power(float sceneRadius)
    {
        var intensity = Materials.GltfBsdf.Luminance(_intensity);
        return _kind switch
        {
            LightKind.Point => 4f * MathF.PI * intensity,
            // pbrt's estimate for the smooth cone: the solid angle up to halfway between the cones.
            LightKind.Spot => 2f * MathF.PI * (1f - (0.5f * (_cosInner + _cosOuter))) * intensity,
            _ => MathF.PI * sceneRadius * sceneRadius * intensity,
        };
    }
}
