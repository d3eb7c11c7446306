using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The glTF 2.0 metallic-roughness BSDF in the local shading frame (normal = +Z, wo above), in the form
/// of the glTF specification, appendix B.3.5: c_diff = lerp(c, 0, m), F0 = lerp(F0_d, c, m),
/// F90 = lerp(F90_d, 1, m), α = roughness², F = F0 + (F90 − F0)(1 − |v·h|)⁵ (Schlick),
/// f = (1 − t)·c_diff/π·(1 − E_s(μo))·(1 − E_s(μi))/(1 − E_s,avg) + F·D·G2 / (4·|n·v|·|n·l|) + f_ms, with GGX D
/// and the height-correlated Smith G2 (<see cref="Ggx"/>). Two departures from the specification's
/// form, both for energy (<c>GltfBsdf.Energy.cs</c>): f_ms, Kulla and Conty's multiple-scattering lobe,
/// returns what single-scattering GGX loses (a white rough conductor reflects everything), and the
/// diffuse lobe is weighted by the albedo scaling of the specular lobe's albedo E_s (multiple scattering
/// included) instead of 1 − F(v·h) per direction, so no direction reflects more than it receives.
/// The extensions (<see cref="BsdfLayers"/>) follow their specifications' reference
/// model: KHR_materials_specular and _ior set the dielectric F0_d = min(((ior − 1)/(ior + 1))²·colour, 1)·s
/// and F90_d = s; KHR_materials_transmission replaces the share t of the dielectric's diffuse lobe by a
/// GGX microfacet BTDF tinted by the base colour (<c>GltfBsdf.Transmission.cs</c>); KHR_materials_clearcoat
/// mixes a GGX coat of IOR 1.5 on top: f = (1 − k·Fc(n·v))·f_base + k·Fc(n·v)·f_coat; KHR_materials_sheen
/// lays a Charlie sheen between the coat and the rest (<c>GltfBsdf.Sheen.cs</c>):
/// f_base = sheenColor·f_sheen + (1 − max(sheenColor)·E_sheen(n·v))·f_rest.
/// </summary>
/// <remarks>
/// Sampling picks the coat, the sheen (uniform over the hemisphere), the specular lobe (visible normals, <see cref="Ggx.SampleVisibleNormal"/>,
/// then reflection or transmission with the Fresnel odds of the sampled microfacet, as pbrt-v4's
/// dielectric does) or the cosine lobe (the diffuse and multiple-scattering lobes) with probabilities proportional to each lobe's
/// estimated albedo at the view angle, and reports the one-sample MIS density of all of them, so any
/// choice weights correctly. Without transmission, light never passes through.
/// </remarks>
internal readonly partial struct GltfBsdf
{
    /// <summary>F0 of the clear coat: IOR 1.5, fixed by KHR_materials_clearcoat.</summary>
    private const float CoatF0 = 0.04f;

    private readonly Vector3 _diffuse;

    // The diffuse lobe's value before its albedo scaling: _diffuse / (1 − E_s,avg).
    private readonly Vector3 _diffuseScaled;

    // The multiple-scattering lobe: its Fresnel colour F_ms and 1 / (π·(1 − E_avg)), 0 when nearly smooth.
    private readonly Vector3 _msFresnel;
    private readonly float _msNorm;
    private readonly Vector3 _f0;
    private readonly float _f90;
    private readonly Vector3 _dielectricF0;
    private readonly float _dielectricF90;
    private readonly Vector3 _transmit;
    private readonly float _alpha;

    // Relative IOR (far side over wo's side) of a refracting surface; 1 when nothing refracts, which
    // also turns off total internal reflection in the Fresnel term.
    private readonly float _eta;
    private readonly bool _thin;
    private readonly float _coat;
    private readonly float _coatAlpha;
    private readonly Vector3 _sheenColor;
    private readonly float _sheenMax;
    private readonly float _sheenRoughness;
    private readonly float _sheenAlpha;

    // Principled v1's diffuse in place of glTF's (default false: glTF's lobe), and the material's roughness for it.
    private readonly bool _principled;
    private readonly float _burleyRoughness;

    /// <summary>
    /// A BSDF of base colour <paramref name="baseColor"/>, metalness and perceptual roughness, without
    /// extensions; α is raised to at least <paramref name="minAlpha"/> (the glossy filter's blur).
    /// </summary>
    public GltfBsdf(Vector3 baseColor, float metallic, float roughness, float minAlpha = 0f)
        : this(baseColor, metallic, roughness, BsdfLayers.None, minAlpha)
    {
    }

    /// <summary>
    /// A BSDF with the KHR_materials_* <paramref name="layers"/>; both GGX α are at least <paramref name="minAlpha"/>;
    /// <paramref name="diffuse"/> picks the dielectric base's diffuse lobe.
    /// </summary>
    public GltfBsdf(Vector3 baseColor, float metallic, float roughness, in BsdfLayers layers, float minAlpha = 0f, DiffuseModel diffuse = DiffuseModel.Gltf)
    {
        var m = Math.Clamp(metallic, 0f, 1f);
        var r = Math.Clamp(roughness, 0f, 1f);
        var t = Math.Clamp(layers.Transmission, 0f, 1f);
        _alpha = MathF.Max(MathF.Max(r * r, Ggx.MinAlpha), minAlpha);
        _diffuse = (1f - m) * (1f - t) * baseColor / MathF.PI;
        _transmit = (1f - m) * t * baseColor;

        var ior = MathF.Max(layers.Ior, 1f);
        var s = Math.Clamp(layers.Specular, 0f, 1f);
        var iorF0 = Sqr((ior - 1f) / (ior + 1f));
        _dielectricF0 = Vector3.Min(iorF0 * Vector3.Max(layers.SpecularColor, Vector3.Zero), Vector3.One) * s;
        _dielectricF90 = s;
        _f0 = Vector3.Lerp(_dielectricF0, baseColor, m);
        _f90 = _dielectricF90 + ((1f - _dielectricF90) * m);
        (_diffuseScaled, _msFresnel, _msNorm) = EnergyTerms(_diffuse, _f0, _f90, _alpha);

        // An IOR within 10⁻³ of 1 bends nothing: its BTDF is the thin-walled one (the half-vector of
        // refraction would be undefined).
        _thin = layers.ThinWalled || ior < 1.001f;
        _eta = t > 0f && !_thin ? (layers.Inside ? 1f / ior : ior) : 1f;
        _coat = Math.Clamp(layers.Clearcoat, 0f, 1f);
        var rc = Math.Clamp(layers.ClearcoatRoughness, 0f, 1f);
        _coatAlpha = MathF.Max(MathF.Max(rc * rc, Ggx.MinAlpha), minAlpha);
        _sheenColor = Vector3.Clamp(layers.SheenColor, Vector3.Zero, Vector3.One);
        _sheenMax = MathF.Max(_sheenColor.X, MathF.Max(_sheenColor.Y, _sheenColor.Z));

        // The glossy filter's blur widens the sheen as well; the albedo table is read at the widened roughness.
        _sheenRoughness = Math.Clamp(MathF.Max(layers.SheenRoughness, MathF.Sqrt(MathF.Max(minAlpha, 0f))), 0f, 1f);
        _sheenAlpha = Charlie.Alpha(_sheenRoughness);
        _principled = diffuse == DiffuseModel.PrincipledV1;
        _burleyRoughness = r;
    }

    private GltfBsdf(Vector3 albedo)
    {
        _diffuse = albedo / MathF.PI;
        _diffuseScaled = _diffuse;
        _alpha = 1f;
        _coatAlpha = 1f;
        _eta = 1f;
        _thin = true;
    }

    /// <summary>The diffuse lobe alone: f = albedo/π (white furnace reference and diffuse-bounce benchmarks).</summary>
    public static GltfBsdf Lambert(Vector3 albedo) => new(albedo);

    /// <summary>The GGX α in use (roughness², at least <see cref="Ggx.MinAlpha"/>).</summary>
    public float Alpha => _alpha;

    /// <summary>True when some light passes through the surface (wi below it).</summary>
    public bool Transmits => _transmit != Vector3.Zero;

    /// <summary>f(wo, wi), without the cosine; wi below the surface is transmission.</summary>
    public Vector3 Evaluate(Vector3 wo, Vector3 wi)
    {
        if (wo.Z <= 0f || wi.Z == 0f)
        {
            return Vector3.Zero;
        }

        var coat = _coat * CoatFresnel(wo.Z);
        if (wi.Z < 0f)
        {
            return _transmit == Vector3.Zero ? Vector3.Zero : (1f - coat) * SheenScale(wo.Z) * EvaluateTransmission(wo, wi);
        }

        var h = Vector3.Normalize(wo + wi);
        Fresnel(Math.Clamp(Vector3.Dot(wo, h), 0f, 1f), out var fresnel, out _);
        var specular = Ggx.D(h, _alpha) * Ggx.G2(wo, wi, _alpha) / (4f * wo.Z * wi.Z);
        var reflected = (specular * fresnel) + (_principled ? PrincipledV1Lobes(wo, wi) : CosineLobes(wo.Z, wi.Z));
        if (_sheenMax > 0f)
        {
            reflected = (SheenScale(wo.Z) * reflected) + (_sheenColor * SheenLobe(wo, wi));
        }

        if (_coat > 0f)
        {
            var coated = Ggx.D(h, _coatAlpha) * Ggx.G2(wo, wi, _coatAlpha) / (4f * wo.Z * wi.Z);
            reflected = ((1f - coat) * reflected) + new Vector3(coat * coated);
        }

        return reflected;
    }

    /// <summary>Density of <see cref="Sample"/> choosing <paramref name="wi"/> (solid angle).</summary>
    public float Pdf(Vector3 wo, Vector3 wi)
    {
        if (wo.Z <= 0f || wi.Z == 0f)
        {
            return 0f;
        }

        var (pCoat, pSpecular, pDiffuse, pSheen) = LobeProbabilities(wo);
        if (wi.Z < 0f)
        {
            return _transmit == Vector3.Zero ? 0f : pSpecular * TransmissionPdf(wo, wi);
        }

        var h = Vector3.Normalize(wo + wi);
        var pdf = (pSpecular * Ggx.ReflectionPdf(wo, h, _alpha) * ReflectProbability(Math.Clamp(Vector3.Dot(wo, h), 0f, 1f)))
            + (pDiffuse * Warp.CosineHemispherePdf(wi.Z));
        if (pSheen > 0f)
        {
            pdf += pSheen * Warp.UniformHemispherePdf;
        }

        return pCoat > 0f ? pdf + (pCoat * Ggx.ReflectionPdf(wo, h, _coatAlpha)) : pdf;
    }

    /// <summary>
    /// Draws wi for <paramref name="wo"/>; returns false when the sample ends up on the wrong side for
    /// its lobe (or meets total internal reflection). <paramref name="f"/> is the BSDF value and
    /// <paramref name="pdf"/> the combined density.
    /// </summary>
    public bool Sample(Vector3 wo, float uLobe, Vector2 u, out Vector3 wi, out Vector3 f, out float pdf)
    {
        f = Vector3.Zero;
        pdf = 0f;
        wi = Vector3.Zero;
        if (wo.Z <= 0f)
        {
            return false;
        }

        var (pCoat, pSpecular, _, pSheen) = LobeProbabilities(wo);
        if (uLobe < pCoat)
        {
            wi = Reflect(wo, Ggx.SampleVisibleNormal(wo, _coatAlpha, u));
            if (wi.Z <= 0f)
            {
                return false;
            }
        }
        else if (uLobe < pCoat + pSpecular)
        {
            // The lobe number, rescaled, chooses reflection or transmission at the sampled microfacet.
            var m = Ggx.SampleVisibleNormal(wo, _alpha, u);
            var uChoice = (uLobe - pCoat) / pSpecular;
            if (uChoice < ReflectProbability(Math.Clamp(Vector3.Dot(wo, m), 0f, 1f)))
            {
                // A reflection below the surface is lost (it is not a transmission).
                wi = Reflect(wo, m);
                if (wi.Z <= 0f)
                {
                    return false;
                }
            }
            else if (!SampleTransmission(wo, m, out wi))
            {
                return false;
            }
        }
        else if (uLobe < pCoat + pSpecular + pSheen)
        {
            wi = Warp.UniformHemisphere(u);
        }
        else
        {
            wi = Warp.CosineHemisphere(u);
        }

        if (wi.Z == 0f)
        {
            return false;
        }

        f = Evaluate(wo, wi);
        pdf = Pdf(wo, wi);
        return pdf > 0f;
    }

    /// <summary>
    /// Probabilities of the coat, specular (reflection and transmission), cosine (diffuse and multiple
    /// scattering) and sheen lobes: their shares of the albedo estimated from the Fresnel terms, the
    /// cosine lobes' albedo and the sheen's albedo at wo.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (float Coat, float Specular, float Diffuse, float Sheen) LobeProbabilities(Vector3 wo)
    {
        Fresnel(Math.Clamp(wo.Z, 0f, 1f), out var fresnel, out var dielectric);
        var coat = _coat * CoatFresnel(wo.Z);
        var below = 1f - coat;
        var sheen = 0f;
        if (_sheenMax > 0f)
        {
            var albedo = MathF.Min(Charlie.Albedo(wo.Z, _sheenRoughness), 1f);
            sheen = below * Luminance(_sheenColor) * albedo;
            below *= MathF.Max(0f, 1f - (_sheenMax * albedo));
        }

        var specular = below * (Luminance(fresnel) + Luminance((Vector3.One - dielectric) * _transmit));
        var diffuse = below * CosineLobesAlbedo(wo.Z);
        var sum = coat + specular + diffuse + sheen;
        return sum > 0f ? (coat / sum, specular / sum, diffuse / sum, sheen / sum) : (0f, 1f, 0f, 0f);
    }

    /// <summary>Probability of reflecting (rather than transmitting) at a microfacet seen at cosine <paramref name="cosO"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float ReflectProbability(float cosO)
    {
        if (_transmit == Vector3.Zero)
        {
            return 1f;
        }

        Fresnel(cosO, out var fresnel, out var dielectric);
        var r = Luminance(fresnel);
        var t = Luminance((Vector3.One - dielectric) * _transmit);
        return r + t > 0f ? r / (r + t) : 1f;
    }

    /// <summary>
    /// Schlick's Fresnel of the whole material (<paramref name="fresnel"/>) and of its dielectric part
    /// (<paramref name="dielectric"/>) at a microfacet seen at cosine <paramref name="cosO"/>. Leaving a
    /// denser medium, the cosine is the refracted one (Schlick's approximation holds on the rarer side),
    /// and past the critical angle both are 1: total internal reflection.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Fresnel(float cosO, out Vector3 fresnel, out Vector3 dielectric)
    {
        var c = cosO;
        if (_eta < 1f)
        {
            var sin2T = (1f - (cosO * cosO)) / (_eta * _eta);
            if (sin2T >= 1f)
            {
                fresnel = Vector3.One;
                dielectric = Vector3.One;
                return;
            }

            c = MathF.Sqrt(1f - sin2T);
        }

        var x5 = Pow5(1f - c);
        fresnel = _f0 + ((new Vector3(_f90) - _f0) * x5);
        dielectric = _dielectricF0 + ((new Vector3(_dielectricF90) - _dielectricF0) * x5);
    }

    /// <summary>The coat's Fresnel weight at the view angle, as KHR_materials_clearcoat's fresnel_coat uses n·v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float CoatFresnel(float cosO) => CoatF0 + ((1f - CoatF0) * Pow5(1f - Math.Clamp(cosO, 0f, 1f)));

    private static Vector3 Reflect(Vector3 wo, Vector3 m) => (2f * Vector3.Dot(wo, m) * m) - wo;

    private static float Sqr(float x) => x * x;

    private static float Pow5(float x)
    {
        var x2 = x * x;
        return x2 * x2 * x;
    }

    /// <summary>Rec. 709 luminance of linear RGB.</summary>
    public static float Luminance(Vector3 c) => (0.2126f * c.X) + (0.7152f * c.Y) + (0.0722f * c.Z);
}
