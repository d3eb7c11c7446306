namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// <c>GltfBsdf</c> restricted to what the GPU backend renders (core metallic-roughness with
/// KHR_materials_specular/_ior's F0 and F90; no transmission, clear coat or sheen, which send a scene
/// to the CPU): the same Fresnel-weighted Lambert plus GGX with height-correlated Smith G2, the same
/// lobe choice by Fresnel-weighted albedo at the view angle, visible-normal sampling and the combined
/// one-sample MIS density. Local shading frame, normal = +Z, wo above.
/// </summary>
internal readonly struct DeviceBsdf
{
    private const float MinAlpha = 1e-3f;
    private const float InvPi = 1f / MathF.PI;
    private readonly Float3 _diffuse;
    private readonly Float3 _f0;
    private readonly float _f90;
    private readonly float _alpha;

    /// <summary>A BSDF of diffuse c_diff/π, F0, F90 and GGX α (raised to at least <paramref name="minAlpha"/>, the glossy filter's blur).</summary>
    public DeviceBsdf(Float3 diffuse, Float3 f0, float f90, float alpha, float minAlpha)
    {
        _diffuse = diffuse;
        _f0 = f0;
        _f90 = f90;
        _alpha = MathF.Max(MathF.Max(alpha, MinAlpha), minAlpha);
    }

    /// <summary>
    /// The BSDF of a (textured) base colour, metalness and perceptual roughness over a dielectric of
    /// F0 <paramref name="dielectricF0"/> and F90 <paramref name="dielectricF90"/>, as <c>GltfBsdf</c>'s
    /// constructor derives it: c_diff = (1 − m)·c, F0 = lerp(F0_d, c, m), F90 = lerp(F90_d, 1, m), α = r².
    /// </summary>
    public static DeviceBsdf FromMaterial(Float3 baseColor, float metallic, float roughness, Float3 dielectricF0, float dielectricF90, float minAlpha)
    {
        var m = MathF.Max(0f, MathF.Min(metallic, 1f));
        var r = MathF.Max(0f, MathF.Min(roughness, 1f));
        return new DeviceBsdf(
            (1f - m) * baseColor / MathF.PI,
            Float3.Lerp(dielectricF0, baseColor, m),
            dielectricF90 + ((1f - dielectricF90) * m),
            r * r,
            minAlpha);
    }

    /// <summary>f(wo, wi) without the cosine; nothing below the surface.</summary>
    public Float3 Evaluate(Float3 wo, Float3 wi)
    {
        if (wo.Z <= 0f || wi.Z <= 0f)
        {
            return Float3.Zero;
        }

        var h = Float3.Normalize(wo + wi);
        var fresnel = Fresnel(Clamp01(Float3.Dot(wo, h)));
        var specular = D(h, _alpha) * G2(wo, wi, _alpha) / (4f * wo.Z * wi.Z);
        return ((Float3.One - fresnel) * _diffuse) + (fresnel * specular);
    }

    /// <summary>Density of <see cref="Sample"/> choosing wi (solid angle).</summary>
    public float Pdf(Float3 wo, Float3 wi)
    {
        if (wo.Z <= 0f || wi.Z <= 0f)
        {
            return 0f;
        }

        var pSpecular = SpecularProbability(wo);
        var h = Float3.Normalize(wo + wi);
        return (pSpecular * ReflectionPdf(wo, h, _alpha)) + ((1f - pSpecular) * MathF.Max(wi.Z, 0f) * InvPi);
    }

    /// <summary>Draws wi; false when the sample falls below the surface.</summary>
    public bool Sample(Float3 wo, float uLobe, float u1, float u2, out Float3 wi, out Float3 f, out float pdf)
    {
        f = Float3.Zero;
        pdf = 0f;
        wi = Float3.Zero;
        if (wo.Z <= 0f)
        {
            return false;
        }

        if (uLobe < SpecularProbability(wo))
        {
            var m = SampleVisibleNormal(wo, _alpha, u1, u2);
            wi = (2f * Float3.Dot(wo, m) * m) - wo;
        }
        else
        {
            wi = CosineHemisphere(u1, u2);
        }

        if (wi.Z <= 0f)
        {
            return false;
        }

        f = Evaluate(wo, wi);
        pdf = Pdf(wo, wi);
        return pdf > 0f;
    }

    /// <summary>The specular lobe's share of the albedo estimated at wo (the rest is diffuse), as <c>GltfBsdf.LobeProbabilities</c> without layers.</summary>
    private float SpecularProbability(Float3 wo)
    {
        var fresnel = Fresnel(Clamp01(wo.Z));
        var specular = fresnel.Luminance;
        var diffuse = ((Float3.One - fresnel) * _diffuse).Luminance * MathF.PI;
        var sum = specular + diffuse;
        return sum > 0f ? specular / sum : 1f;
    }

    private Float3 Fresnel(float cosO)
    {
        var x = 1f - cosO;
        var x2 = x * x;
        return _f0 + ((new Float3(_f90) - _f0) * (x2 * x2 * x));
    }

    private static float Clamp01(float x) => MathF.Max(0f, MathF.Min(x, 1f));

    /// <summary>GGX D(m) (<c>Ggx.D</c>).</summary>
    private static float D(Float3 m, float alpha)
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

    private static float Lambda(Float3 w, float alpha)
    {
        var cos2 = w.Z * w.Z;
        if (cos2 <= 0f)
        {
            return float.PositiveInfinity;
        }

        var tan2 = ((w.X * w.X) + (w.Y * w.Y)) / cos2;
        return 0.5f * (MathF.Sqrt(1f + (alpha * alpha * tan2)) - 1f);
    }

    private static float G2(Float3 wo, Float3 wi, float alpha) => 1f / (1f + Lambda(wo, alpha) + Lambda(wi, alpha));

    private static float ReflectionPdf(Float3 wo, Float3 h, float alpha) =>
        wo.Z > 0f ? D(h, alpha) / (1f + Lambda(wo, alpha)) / (4f * wo.Z) : 0f;

    /// <summary>Heitz 2018, listing 1 (<c>Ggx.SampleVisibleNormal</c>).</summary>
    private static Float3 SampleVisibleNormal(Float3 wo, float alpha, float u1, float u2)
    {
        var vh = Float3.Normalize(new Float3(alpha * wo.X, alpha * wo.Y, wo.Z));
        var lensq = (vh.X * vh.X) + (vh.Y * vh.Y);
        var t1 = lensq > 0f ? new Float3(-vh.Y, vh.X, 0f) / MathF.Sqrt(lensq) : new Float3(1f, 0f, 0f);
        var t2 = Float3.Cross(vh, t1);
        var r = MathF.Sqrt(u1);
        var phi = 2f * MathF.PI * u2;
        var p1 = r * MathF.Cos(phi);
        var p2 = r * MathF.Sin(phi);
        var s = 0.5f * (1f + vh.Z);
        p2 = ((1f - s) * MathF.Sqrt(MathF.Max(0f, 1f - (p1 * p1)))) + (s * p2);
        var nh = (p1 * t1) + (p2 * t2) + (MathF.Sqrt(MathF.Max(0f, 1f - (p1 * p1) - (p2 * p2))) * vh);
        return Float3.Normalize(new Float3(alpha * nh.X, alpha * nh.Y, MathF.Max(1e-7f, nh.Z)));
    }

    /// <summary>Cosine-weighted hemisphere through Shirley's concentric disk (<c>Warp.CosineHemisphere</c>).</summary>
    private static Float3 CosineHemisphere(float u1, float u2)
    {
        var (x, y) = DeviceWarp.ConcentricDisk(u1, u2);
        return new Float3(x, y, MathF.Sqrt(MathF.Max(0f, 1f - (x * x) - (y * y))));
    }
}
