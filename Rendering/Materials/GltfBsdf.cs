using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The glTF 2.0 metallic-roughness BRDF (glTF specification, appendix B) in the local shading frame:
/// mix(dielectric, metal, metallic) where the dielectric is Lambert diffuse under a GGX specular layer
/// weighted by Schlick's Fresnel with F0 = 0.04, and the metal is GGX specular with Schlick's Fresnel
/// tinted by the base colour. Algebraically:
/// f = (1 − m)(1 − F(0.04))·c/π + F(F0)·D·G2 / (4·cosθo·cosθi), with F0 = lerp(0.04, c, m).
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

    /// <summary>A BSDF of base colour <paramref name="baseColor"/>, metalness and perceptual roughness.</summary>
    public GltfBsdf(Vector3 baseColor, float metallic, float roughness)
    {
        _metallic = Math.Clamp(metallic, 0f, 1f);
        var r = Math.Clamp(roughness, 0f, 1f);
        _alpha = MathF.Max(r * r, Ggx.MinAlpha);
        _diffuse = (1f - _metallic) * baseColor / MathF.PI;
        _f0 = Vector3.Lerp(new Vector3(DielectricF0), baseColor, _metallic);
    }

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
        var fresnel = _f0 + ((Vector3.One - _f0) * x5);
        var dielectric = DielectricF0 + ((1f - DielectricF0) * x5);
        var specular = Ggx.D(h, _alpha) * Ggx.G2(wo, wi, _alpha) / (4f * wo.Z * wi.Z);
        return ((1f - dielectric) * _diffuse) + (specular * fresnel);
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
        var specular = Luminance(_f0 + ((Vector3.One - _f0) * x5));
        var diffuse = Luminance(_diffuse) * MathF.PI * (1f - (DielectricF0 + ((1f - DielectricF0) * x5)));
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
