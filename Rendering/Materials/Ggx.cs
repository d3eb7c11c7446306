using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The isotropic GGX (Trowbridge-Reitz) microfacet distribution in the local shading frame (normal =
/// +Z), with the Smith masking function and the height-correlated masking-shadowing of Heitz,
/// "Understanding the Masking-Shadowing Function in Microfacet-Based BRDFs", JCGT 3(2), 2014.
/// Angles enter through tan²θ computed from the vector's components, which stays accurate near the
/// normal where 1 − cos²θ would cancel.
/// </summary>
internal static class Ggx
{
    /// <summary>Smallest α used: below it the lobe is a near-delta that float precision cannot resolve.</summary>
    public const float MinAlpha = 1e-3f;

    /// <summary>Normal distribution D(m) for a unit microfacet normal m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float D(Vector3 m, float alpha)
    {
        if (m.Z <= 0f)
        {
            return 0f;
        }

        var cos2 = m.Z * m.Z;
        var tan2 = ((m.X * m.X) + (m.Y * m.Y)) / cos2;
        var a2 = alpha * alpha;
        var k = 1f + (tan2 / a2);
        return 1f / (MathF.PI * a2 * cos2 * cos2 * k * k);
    }

    /// <summary>Smith Λ(w) for GGX.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Lambda(Vector3 w, float alpha)
    {
        var cos2 = w.Z * w.Z;
        if (cos2 <= 0f)
        {
            return float.PositiveInfinity;
        }

        var tan2 = ((w.X * w.X) + (w.Y * w.Y)) / cos2;
        return 0.5f * (MathF.Sqrt(1f + (alpha * alpha * tan2)) - 1f);
    }

    /// <summary>Smith masking G1(w) = 1 / (1 + Λ(w)).</summary>
    public static float G1(Vector3 w, float alpha) => 1f / (1f + Lambda(w, alpha));

    /// <summary>Height-correlated masking-shadowing G2 = 1 / (1 + Λ(wo) + Λ(wi)).</summary>
    public static float G2(Vector3 wo, Vector3 wi, float alpha) => 1f / (1f + Lambda(wo, alpha) + Lambda(wi, alpha));

    /// <summary>
    /// Samples a microfacet normal from the distribution of normals visible from <paramref name="wo"/>
    /// (wo.z &gt; 0): Heitz, "Sampling the GGX Distribution of Visible Normals", JCGT 7(4), 2018, listing 1.
    /// Its density is G1(wo)·max(0, wo·m)·D(m) / wo.z.
    /// </summary>
    public static Vector3 SampleVisibleNormal(Vector3 wo, float alpha, Vector2 u)
    {
        // Stretch the view so the ellipsoid becomes a hemisphere.
        var vh = Vector3.Normalize(new Vector3(alpha * wo.X, alpha * wo.Y, wo.Z));

        // Orthonormal basis around vh (T1 is zero-safe at normal incidence).
        var lensq = (vh.X * vh.X) + (vh.Y * vh.Y);
        var t1 = lensq > 0f ? new Vector3(-vh.Y, vh.X, 0f) / MathF.Sqrt(lensq) : Vector3.UnitX;
        var t2 = Vector3.Cross(vh, t1);

        // Uniform point on the projected disk, warped towards the visible half.
        var r = MathF.Sqrt(u.X);
        var (sin, cos) = MathF.SinCos(2f * MathF.PI * u.Y);
        var p1 = r * cos;
        var p2 = r * sin;
        var s = 0.5f * (1f + vh.Z);
        p2 = ((1f - s) * MathF.Sqrt(MathF.Max(0f, 1f - (p1 * p1)))) + (s * p2);

        // Reproject onto the hemisphere and unstretch.
        var nh = (p1 * t1) + (p2 * t2) + (MathF.Sqrt(MathF.Max(0f, 1f - (p1 * p1) - (p2 * p2))) * vh);
        return Vector3.Normalize(new Vector3(alpha * nh.X, alpha * nh.Y, MathF.Max(1e-7f, nh.Z)));
    }

    /// <summary>Density over reflected directions wi of <see cref="SampleVisibleNormal"/> then mirror: G1(wo)·D(h) / (4·wo.z).</summary>
    public static float ReflectionPdf(Vector3 wo, Vector3 h, float alpha) =>
        wo.Z > 0f ? G1(wo, alpha) * D(h, alpha) / (4f * wo.Z) : 0f;
}
