using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// <c>GltfBsdf</c> restricted to what the GPU backend renders (core metallic-roughness with
/// KHR_materials_specular/_ior's F0 and F90; no transmission, clear coat or sheen, which send a scene
/// to the CPU): the same albedo-scaled Lambert plus GGX with height-correlated Smith G2 and the
/// multiple-scattering lobe (<c>GltfBsdf.Energy.cs</c>, read from the uploaded <c>GgxEnergy</c> table),
/// the same lobe choice by estimated albedo at the view angle, visible-normal sampling and the combined
/// one-sample MIS density; with Principled v1's diffuse (<c>DiffuseModel.PrincipledV1</c>), Burley's lobe
/// in place of the albedo-scaled Lambert, as <c>GltfBsdf.PrincipledV1Lobes</c>. Local shading frame,
/// normal = +Z, wo above.
/// </summary>
internal readonly struct DeviceBsdf
{
    private const float MinAlpha = 1e-3f;
    private const float InvPi = 1f / MathF.PI;

    // As GltfBsdf.MinLoss: no multiple-scattering lobe below this 1 − E_avg.
    private const float MinLoss = 1e-4f;
    private readonly Float3 _diffuse;
    private readonly Float3 _f0;
    private readonly float _f90;
    private readonly float _alpha;
    private readonly Float3 _diffuseScaled;
    private readonly Float3 _msFresnel;
    private readonly float _msNorm;
    private readonly ArrayView<float> _energy;

    // The perceptual roughness of Principled v1's diffuse (Burley's retro-reflection); −1 for glTF's lobe.
    private readonly float _burleyRoughness;

    /// <summary>
    /// A BSDF of diffuse c_diff/π, F0, F90 and GGX α (raised to at least <paramref name="minAlpha"/>, the
    /// glossy filter's blur), with the energy terms of <c>GltfBsdf.EnergyTerms</c> from <paramref name="energy"/>;
    /// <paramref name="burleyRoughness"/> ≥ 0 takes Principled v1's diffuse of that perceptual roughness.
    /// </summary>
    public DeviceBsdf(ArrayView<float> energy, Float3 diffuse, Float3 f0, float f90, float alpha, float minAlpha, float burleyRoughness = -1f)
    {
        _energy = energy;
        _burleyRoughness = burleyRoughness;
        _diffuse = diffuse;
        _f0 = f0;
        _f90 = f90;
        _alpha = MathF.Max(MathF.Max(alpha, MinAlpha), minAlpha);
        DeviceGgxEnergy.Average(energy, _alpha, out var aAvg, out var bAvg);
        var eAvg = aAvg + bAvg;
        _msFresnel = Float3.Zero;
        _msNorm = 0f;
        if (1f - eAvg > MinLoss)
        {
            var fAvg = f0 + ((new Float3(f90) - f0) / 21f);
            var denominator = Float3.One - (fAvg * (1f - eAvg));
            var numerator = fAvg * fAvg * eAvg;
            _msFresnel = new Float3(numerator.X / denominator.X, numerator.Y / denominator.Y, numerator.Z / denominator.Z);
            _msNorm = 1f / (MathF.PI * (1f - eAvg));
        }

        var specularAverage = (f0 * aAvg) + new Float3(f90 * bAvg) + (_msFresnel * (1f - eAvg));
        var keep = Float3.Max(Float3.One - specularAverage, new Float3(MinLoss));
        _diffuseScaled = diffuse.IsZero ? Float3.Zero : new Float3(diffuse.X / keep.X, diffuse.Y / keep.Y, diffuse.Z / keep.Z);
    }

    /// <summary>
    /// The BSDF of a (textured) base colour, metalness and perceptual roughness over a dielectric of
    /// F0 <paramref name="dielectricF0"/> and F90 <paramref name="dielectricF90"/>, as <c>GltfBsdf</c>'s
    /// constructor derives it: c_diff = (1 − m)·c, F0 = lerp(F0_d, c, m), F90 = lerp(F90_d, 1, m), α = r²;
    /// <paramref name="principled"/> takes Principled v1's diffuse.
    /// </summary>
    public static DeviceBsdf FromMaterial(
        ArrayView<float> energy, Float3 baseColor, float metallic, float roughness, Float3 dielectricF0, float dielectricF90, float minAlpha, bool principled)
    {
        var m = MathF.Max(0f, MathF.Min(metallic, 1f));
        var r = MathF.Max(0f, MathF.Min(roughness, 1f));
        return new DeviceBsdf(
            energy,
            (1f - m) * baseColor / MathF.PI,
            Float3.Lerp(dielectricF0, baseColor, m),
            dielectricF90 + ((1f - dielectricF90) * m),
            r * r,
            minAlpha,
            principled ? r : -1f);
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
        return (fresnel * specular) + (_burleyRoughness >= 0f ? PrincipledV1Lobes(wo, wi) : CosineLobes(wo.Z, wi.Z));
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
        var eo = SpecularAlbedo(wo.Z, out var white);
        var diffuse = ((MathF.PI * _diffuse * (Float3.One - eo)) + (_msFresnel * MathF.Max(0f, 1f - white))).Luminance;
        var sum = specular + diffuse;
        return sum > 0f ? specular / sum : 1f;
    }

    /// <summary>E_s(μ) and the white lobe's E(μ) (<c>GltfBsdf.SpecularAlbedo</c>).</summary>
    private Float3 SpecularAlbedo(float cosine, out float white)
    {
        DeviceGgxEnergy.Directional(_energy, cosine, _alpha, out var a, out var b);
        white = a + b;
        return (_f0 * a) + new Float3(_f90 * b) + (_msFresnel * MathF.Max(0f, 1f - white));
    }

    /// <summary>The albedo-scaled diffuse lobe plus the multiple-scattering lobe (<c>GltfBsdf.CosineLobes</c>).</summary>
    private Float3 CosineLobes(float cosO, float cosI)
    {
        var eo = SpecularAlbedo(cosO, out var whiteO);
        var ei = SpecularAlbedo(cosI, out var whiteI);
        return (_diffuseScaled * (Float3.One - eo) * (Float3.One - ei))
            + (_msFresnel * (_msNorm * MathF.Max(0f, 1f - whiteO) * MathF.Max(0f, 1f - whiteI)));
    }

    /// <summary>Burley's diffuse with retro-reflection, not weighted by the specular, plus the multiple-scattering lobe (<c>GltfBsdf.PrincipledV1Lobes</c>).</summary>
    private Float3 PrincipledV1Lobes(Float3 wo, Float3 wi)
    {
        var fl = Pow5(1f - wi.Z);
        var fv = Pow5(1f - wo.Z);
        var rr = _burleyRoughness * (1f + Float3.Dot(wo, wi));
        var burley = ((1f - (0.5f * fl)) * (1f - (0.5f * fv))) + (rr * (fl + fv + (fl * fv * (rr - 1f))));
        SpecularAlbedo(wo.Z, out var whiteO);
        SpecularAlbedo(wi.Z, out var whiteI);
        return (_diffuse * burley) + (_msFresnel * (_msNorm * MathF.Max(0f, 1f - whiteO) * MathF.Max(0f, 1f - whiteI)));
    }

    private static float Pow5(float x) => x * x * x * x * x;

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
