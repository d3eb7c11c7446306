using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The glTF 2.0 metallic-roughness BRDF in the local shading frame, in the final form of the glTF
/// specification, appendix B.3.5: c_diff = lerp(c, 0, m), F0 = lerp(0.04, c, m), α = roughness²,
/// F = F0 + (1 − F0)(1 − |v·h|)⁵ (Schlick), f = (1 − F)·c_diff/π + F·D·G2 / (4·|n·v|·|n·l|), with GGX
/// D and the height-correlated Smith G2 (<see cref="Ggx"/>).
/// </summary>
/// <remarks>
/// Sampling picks the specular lobe (visible normals, <see cref="Ggx.SampleVisibleNormal"/>) or the
/// diffuse lobe (cosine) with a probability proportional to each lobe's estimated albedo at the view
/// angle, and reports the one-sample MIS density of both, so either choice weights correctly.
/// Reflection only: light never passes through.
/// </remarks>
internal readonly struct GltfBsdf
{
    private const float DielectricF0 = 0.04f;
    private readonly Vector3 _diffuse;
    private readonly Vector3 _f0;
    private readonly float _metallic;
    private readonly float _alpha;

    // 1 for glTF materials; 0 for the bare Lambert lobe (no specular layer, no Fresnel weight on diffuse).
    // A multiplier rather than a branch: Evaluate stays branch-free.
    private readonly float _layer;

    /// <summary>
    /// A BSDF of base colour <paramref name="baseColor"/>, metalness and perceptual roughness; α is raised
    /// to at least <paramref name="minAlpha"/> (the glossy filter's blur).
    /// </summary>
    public GltfBsdf(Vector3 baseColor, float metallic, float roughness, float minAlpha = 0f)
    {
        _metallic = Math.Clamp(metallic, 0f, 1f);
        var r = Math.Clamp(roughness, 0f, 1f);
        _alpha = MathF.Max(MathF.Max(r * r, Ggx.MinAlpha), minAlpha);
        _diffuse = (1f - _metallic) * baseColor / MathF.PI;
        _f0 = Vector3.Lerp(new Vector3(DielectricF0), baseColor, _metallic);
        _layer = 1f;
    }

    private GltfBsdf(Vector3 albedo)
    {
        _diffuse = albedo / MathF.PI;
        _alpha = 1f;
        _layer = 0f;
    }

    /// <summary>The diffuse lobe alone: f = albedo/π (white furnace reference and diffuse-bounce benchmarks).</summary>
    public static GltfBsdf Lambert(Vector3 albedo) => new(albedo);

    /// <summary>The GGX α in use (roughness², at least <see cref="Ggx.MinAlpha"/>).</summary>
    public float Alpha => _alpha;

    /// <summary>f(wo, wi), without the cosine; zero unless both directions are above the surface.</summary>
    public Vector3 Evaluate(Vector3 wo, Vector3 wi)
    {
        if (wo.Z <= 0f || wi.Z <= 0f)
        {
            return Vector3.Zero;
        }

        var h = Vector3.Normalize(wo + wi);
        var x5 = Pow5(1f - Math.Clamp(Vector3.Dot(wo, h), 0f, 1f));
        var fresnel = _layer * (_f0 + ((Vector3.One - _f0) * x5));
        var specular = Ggx.D(h, _alpha) * Ggx.G2(wo, wi, _alpha) / (4f * wo.Z * wi.Z);
        return ((Vector3.One - fresnel) * _diffuse) + (specular * fresnel);
    }

    /// <summary>Density of <see cref="Sample"/> choosing <paramref name="wi"/> (solid angle).</summary>
    public float Pdf(Vector3 wo, Vector3 wi)
    {
        if (wo.Z <= 0f || wi.Z <= 0f)
        {
            return 0f;
        }

        var p = SpecularProbability(wo);
        var h = Vector3.Normalize(wo + wi);
        return (p * Ggx.ReflectionPdf(wo, h, _alpha)) + ((1f - p) * Warp.CosineHemispherePdf(wi.Z));
    }

    /// <summary>
    /// Draws wi for <paramref name="wo"/>; returns false when the sample leaves below the surface.
    /// <paramref name="f"/> is the BRDF value and <paramref name="pdf"/> the combined density.
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

        if (uLobe < SpecularProbability(wo))
        {
            var m = Ggx.SampleVisibleNormal(wo, _alpha, u);
            wi = (2f * Vector3.Dot(wo, m) * m) - wo;
        }
        else
        {
            wi = Warp.CosineHemisphere(u);
        }

        if (wi.Z <= 0f)
        {
            return false;
        }

        f = Evaluate(wo, wi);
        pdf = Pdf(wo, wi);
        return pdf > 0f;
    }

    /// <summary>Probability of sampling the specular lobe: its share of the estimated albedo at wo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float SpecularProbability(Vector3 wo)
    {
        var x5 = Pow5(1f - Math.Clamp(wo.Z, 0f, 1f));
        var fresnel = _layer * (_f0 + ((Vector3.One - _f0) * x5));
        var specular = Luminance(fresnel);
        var diffuse = Luminance((Vector3.One - fresnel) * _diffuse) * MathF.PI;
        var sum = specular + diffuse;
        return sum > 0f ? specular / sum : 1f;
    }

    private static float Pow5(float x)
    {
        var x2 = x * x;
        return x2 * x2 * x;
    }

    /// <summary>Rec. 709 luminance of linear RGB.</summary>
    public static float Luminance(Vector3 c) => (0.2126f * c.X) + (0.7152f * c.Y) + (0.0722f * c.Z);
}
