using System.Numerics;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// Formulas of the glTF 2.0 specification written out independently of the renderer, as references:
/// the metallic-roughness BRDF of appendix B.3.5 (with the V_GGX visibility form of appendix B.3.2)
/// and the spot cone attenuation of KHR_lights_punctual.
/// </summary>
public static class GltfReference
{
    public static Vector3 Brdf(Vector3 baseColor, float metallic, float roughness, Vector3 n, Vector3 v, Vector3 l)
    {
        var nl = Vector3.Dot(n, l);
        var nv = Vector3.Dot(n, v);
        if (nl <= 0 || nv <= 0)
        {
            return Vector3.Zero;
        }

        var h = Vector3.Normalize(l + v);
        var alpha = roughness * roughness;
        var a2 = (double)alpha * alpha;
        var nh = Vector3.Dot(n, h);
        var vh = Math.Abs(Vector3.Dot(v, h));
        var cDiff = Vector3.Lerp(baseColor, Vector3.Zero, metallic);
        var f0 = Vector3.Lerp(new Vector3(0.04f), baseColor, metallic);
        var fresnel = f0 + ((Vector3.One - f0) * (float)Math.Pow(1 - vh, 5));
        var d = a2 / (Math.PI * Math.Pow((nh * nh * (a2 - 1)) + 1, 2));
        var visibility = 0.5 / ((nl * Math.Sqrt((nv * nv * (1 - a2)) + a2)) + (nv * Math.Sqrt((nl * nl * (1 - a2)) + a2)));
        return ((Vector3.One - fresnel) * cDiff / MathF.PI) + (fresnel * (float)(d * visibility));
    }

    /// <summary>KHR_lights_punctual's recommended spot attenuation for the angle between the axis and the light direction.</summary>
    public static float SpotAttenuation(float inner, float outer, float cosAngle)
    {
        var scale = 1f / MathF.Max(0.001f, MathF.Cos(inner) - MathF.Cos(outer));
        var offset = -MathF.Cos(outer) * scale;
        var attenuation = Math.Clamp((cosAngle * scale) + offset, 0f, 1f);
        return attenuation * attenuation;
    }
}
