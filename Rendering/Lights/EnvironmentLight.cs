using System.Numerics;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// Light from infinity: constant, sampled uniformly over the sphere, or an equirectangular map,
/// importance-sampled by luminance·sinθ through a <see cref="Distribution2D"/> over its texels.
/// Map convention in <see cref="EnvironmentData"/>.
/// </summary>
internal sealed class EnvironmentLight
{
    private readonly Vector3 _scale;
    private readonly TextureData? _map;
    private readonly Distribution2D? _distribution;
    private readonly float _sin;
    private readonly float _cos;

    /// <summary>Prepares <paramref name="data"/> (building the sampling distribution of a map).</summary>
    public EnvironmentLight(EnvironmentData data)
    {
        _scale = data.Color * data.Intensity;
        _map = data.Map;
        (_sin, _cos) = MathF.SinCos(data.RotationY);
        if (_map is { } map)
        {
            var weights = new float[map.Width * map.Height];
            for (var y = 0; y < map.Height; y++)
            {
                var sinTheta = MathF.Sin(MathF.PI * (y + 0.5f) / map.Height);
                for (var x = 0; x < map.Width; x++)
                {
                    var uv = new Vector2((x + 0.5f) / map.Width, (y + 0.5f) / map.Height);
                    var texel = TextureLookup.Sample(map, uv, srgb: false);
                    weights[(y * map.Width) + x] = GltfBsdf.Luminance(new Vector3(texel.X, texel.Y, texel.Z)) * sinTheta;
                }
            }

            _distribution = new Distribution2D(weights, map.Width, map.Height);
        }
    }

    /// <summary>For device upload: colour × intensity, the map, its sampling distribution and the rotation's sine and cosine.</summary>
    public (Vector3 Scale, TextureData? Map, Distribution2D? Distribution, float Sin, float Cos) Parameters => (_scale, _map, _distribution, _sin, _cos);

    /// <summary>Radiance arriving from world direction <paramref name="direction"/> (unit).</summary>
    public Vector3 Radiance(Vector3 direction)
    {
        if (_map is null)
        {
            return _scale;
        }

        var texel = TextureLookup.Sample(_map, ToUv(direction), srgb: false);
        return _scale * new Vector3(texel.X, texel.Y, texel.Z);
    }

    /// <summary>Draws an incoming direction and its solid-angle density.</summary>
    public Vector3 Sample(Vector2 u, out float pdf)
    {
        if (_distribution is null || _distribution.Integral <= 0f)
        {
            pdf = Warp.UniformSpherePdf;
            return Warp.UniformSphere(u);
        }

        var uv = _distribution.Sample(u, out var uvPdf);
        var direction = FromUv(uv, out var sinTheta);
        pdf = sinTheta > 0f ? uvPdf / (2f * MathF.PI * MathF.PI * sinTheta) : 0f;
        return direction;
    }

    /// <summary>Solid-angle density of <see cref="Sample"/> drawing <paramref name="direction"/>.</summary>
    public float Pdf(Vector3 direction)
    {
        if (_distribution is null || _distribution.Integral <= 0f)
        {
            return Warp.UniformSpherePdf;
        }

        var uv = ToUv(direction);
        var sinTheta = MathF.Sin(uv.Y * MathF.PI);
        return sinTheta > 0f ? _distribution.Pdf(uv) / (2f * MathF.PI * MathF.PI * sinTheta) : 0f;
    }

    /// <summary>Power for picking lights: π r² times the integral of luminance over the sphere.</summary>
    public float Power(float sceneRadius)
    {
        var integral = _distribution is { } d ? 2f * MathF.PI * MathF.PI * d.Integral : 4f * MathF.PI;
        return MathF.PI * sceneRadius * sceneRadius * integral * GltfBsdf.Luminance(_scale);
    }

    /// <summary>Map coordinates of a world direction (rotation undone first).</summary>
    public Vector2 ToUv(Vector3 d)
    {
        var x = (_cos * d.X) - (_sin * d.Z);
        var z = (_sin * d.X) + (_cos * d.Z);
        var u = 0.5f + (MathF.Atan2(x, -z) / (2f * MathF.PI));
        var v = MathF.Acos(Math.Clamp(d.Y, -1f, 1f)) / MathF.PI;
        return new Vector2(u, v);
    }

    /// <summary>World direction of map coordinates (inverse of <see cref="ToUv"/>).</summary>
    public Vector3 FromUv(Vector2 uv, out float sinTheta)
    {
        var (sinT, cosT) = MathF.SinCos(uv.Y * MathF.PI);
        var (sinP, cosP) = MathF.SinCos((uv.X - 0.5f) * 2f * MathF.PI);
        sinTheta = sinT;
        var x = sinT * sinP;
        var z = -sinT * cosP;
        return new Vector3((_cos * x) + (_sin * z), cosT, (-_sin * x) + (_cos * z));
    }
}
