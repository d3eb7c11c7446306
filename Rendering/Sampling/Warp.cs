using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Sampling;

/// <summary>Maps uniform samples onto the domains the renderer integrates over, with their densities.</summary>
internal static class Warp
{
    /// <summary>Shirley–Chiu concentric mapping of the unit square onto the unit disk (area-preserving).</summary>
    public static Vector2 ConcentricDisk(Vector2 u)
    {
        var o = (2f * u) - Vector2.One;
        if (o.X == 0f && o.Y == 0f)
        {
            return Vector2.Zero;
        }

        float r, theta;
        if (MathF.Abs(o.X) > MathF.Abs(o.Y))
        {
            r = o.X;
            theta = MathF.PI / 4f * (o.Y / o.X);
        }
        else
        {
            r = o.Y;
            theta = (MathF.PI / 2f) - (MathF.PI / 4f * (o.X / o.Y));
        }

        var (sin, cos) = MathF.SinCos(theta);
        return r * new Vector2(cos, sin);
    }

    /// <summary>Cosine-weighted direction on the local +Z hemisphere (Malley's method); pdf cosθ/π.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector3 CosineHemisphere(Vector2 u)
    {
        var d = ConcentricDisk(u);
        var z = MathF.Sqrt(MathF.Max(0f, 1f - Vector2.Dot(d, d)));
        return new Vector3(d.X, d.Y, z);
    }

    /// <summary>Density of <see cref="CosineHemisphere"/> for a direction with local z = <paramref name="cosTheta"/>.</summary>
    public static float CosineHemispherePdf(float cosTheta) => MathF.Max(cosTheta, 0f) / MathF.PI;

    /// <summary>Uniform direction on the local +Z hemisphere; pdf 1/2π.</summary>
    public static Vector3 UniformHemisphere(Vector2 u)
    {
        var z = u.X;
        var r = MathF.Sqrt(MathF.Max(0f, 1f - (z * z)));
        var (sin, cos) = MathF.SinCos(2f * MathF.PI * u.Y);
        return new Vector3(r * cos, r * sin, z);
    }

    /// <summary>Density of <see cref="UniformHemisphere"/>.</summary>
    public const float UniformHemispherePdf = 1f / (2f * MathF.PI);

    /// <summary>Uniform direction on the unit sphere; pdf 1/4π.</summary>
    public static Vector3 UniformSphere(Vector2 u)
    {
        var z = 1f - (2f * u.X);
        var r = MathF.Sqrt(MathF.Max(0f, 1f - (z * z)));
        var (sin, cos) = MathF.SinCos(2f * MathF.PI * u.Y);
        return new Vector3(r * cos, r * sin, z);
    }

    /// <summary>Density of <see cref="UniformSphere"/>.</summary>
    public const float UniformSpherePdf = 1f / (4f * MathF.PI);

    /// <summary>Uniform barycentrics (b1, b2) over a triangle (square-root parameterisation).</summary>
    public static Vector2 UniformTriangle(Vector2 u)
    {
        var s = MathF.Sqrt(u.X);
        return new Vector2(s * (1f - u.Y), s * u.Y);
    }

    /// <summary>
    /// Veach's power heuristic (β = 2) weight of a strategy with density <paramref name="f"/> against
    /// one with density <paramref name="g"/>, each drawing one sample.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PowerHeuristic(float f, float g)
    {
        if (float.IsInfinity(f))
        {
            return 1f;
        }

        var f2 = f * f;
        var sum = f2 + (g * g);
        return sum > 0f ? f2 / sum : 0f;
    }
}
