using System.Collections.Concurrent;
using System.Numerics;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// Formulas of the glTF 2.0 specification written out independently of the renderer, as references:
/// the metallic-roughness BRDF of appendix B.3.5 (with the V_GGX visibility form of appendix B.3.2),
/// the renderer's documented energy terms on top of it (docs/rendering.md, "Light transport") with
/// albedos from a quadrature of this file's own formulas, and the spot cone attenuation of
/// KHR_lights_punctual.
/// </summary>
public static class GltfReference
{
    private static readonly ConcurrentDictionary<float, Lazy<AlbedoCurve>> Curves = new();

    /// <summary>
    /// <see cref="Brdf"/> with the renderer's energy terms (Kulla–Conty): the diffuse lobe weighted by
    /// (1 − E_s(μo))·(1 − E_s(μi))/(1 − E_s,avg) instead of 1 − F(v·h), plus the multiple-scattering lobe
    /// F_ms·(1 − E(μo))·(1 − E(μi))/(π·(1 − E_avg)), where E_s = F0·A + F90·B + F_ms·(1 − E),
    /// F_ms = F_avg²·E_avg/(1 − F_avg·(1 − E_avg)), F_avg = F0 + (1 − F0)/21 (F90 = 1 in the core model).
    /// </summary>
    public static Vector3 EnergyCompensatedBrdf(Vector3 baseColor, float metallic, float roughness, Vector3 n, Vector3 v, Vector3 l)
    {
        var nl = Vector3.Dot(n, l);
        var nv = Vector3.Dot(n, v);
        if (nl <= 0 || nv <= 0)
        {
            return Vector3.Zero;
        }

        var curve = Curves.GetOrAdd(roughness, r => new Lazy<AlbedoCurve>(() => AlbedoCurve.Compute(r))).Value;
        var cDiff = Vector3.Lerp(baseColor, Vector3.Zero, metallic);
        var f0 = Vector3.Lerp(new Vector3(0.04f), baseColor, metallic);
        var fAvg = f0 + ((Vector3.One - f0) / 21f);
        var eAvg = (float)(curve.AverageA + curve.AverageB);
        var fMs = fAvg * fAvg * eAvg / (Vector3.One - (fAvg * (1f - eAvg)));
        var (ao, bo) = curve.At(nv);
        var (ai, bi) = curve.At(nl);
        Vector3 SpecularAlbedo(double a, double b) => (f0 * (float)a) + new Vector3((float)b) + (fMs * (float)(1 - a - b));
        var average = SpecularAlbedo(curve.AverageA, curve.AverageB);
        var diffuse = cDiff / MathF.PI * (Vector3.One - SpecularAlbedo(ao, bo)) * (Vector3.One - SpecularAlbedo(ai, bi)) / (Vector3.One - average);
        var multiple = fMs * (float)((1 - ao - bo) * (1 - ai - bi) / (Math.PI * (1 - eAvg)));

        // The single-scattering specular term of Brdf, without its diffuse part.
        var specular = Brdf(baseColor, metallic, roughness, n, v, l) - ((Vector3.One - Fresnel(f0, Math.Abs(Vector3.Dot(v, Vector3.Normalize(l + v))))) * cDiff / MathF.PI);
        return diffuse + specular + multiple;
    }

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
        var fresnel = Fresnel(f0, vh);
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

    private static Vector3 Fresnel(Vector3 f0, float vh) => f0 + ((Vector3.One - f0) * (float)Math.Pow(1 - vh, 5));

    /// <summary>
    /// A(μ) = ∫ (1 − (1 − v·h)⁵)·D·V·n·l dωl and B(μ) = ∫ (1 − v·h)⁵·D·V·n·l dωl of the glTF specular term
    /// (D·V as in <see cref="Brdf"/>) at 256 + 1 views uniform in μ (linear between them), by the midpoint
    /// rule over (n·l, φ) on 480 × 240 cells (φ over a half turn, mirrored), and their averages 2∫A·μ dμ,
    /// 2∫B·μ dμ (trapezoids).
    /// </summary>
    private sealed class AlbedoCurve
    {
        private const int Views = 256;
        private readonly double[] _a = new double[Views + 1];
        private readonly double[] _b = new double[Views + 1];

        public double AverageA { get; private set; }

        public double AverageB { get; private set; }

        public (double A, double B) At(float mu)
        {
            var x = Math.Clamp(mu, 0f, 1f) * Views;
            var i = Math.Min((int)x, Views - 1);
            var f = x - i;
            return (_a[i] + (f * (_a[i + 1] - _a[i])), _b[i] + (f * (_b[i + 1] - _b[i])));
        }

        public static AlbedoCurve Compute(float roughness)
        {
            const int Theta = 480, Phi = 240;
            var curve = new AlbedoCurve();
            var alpha = (double)roughness * roughness;
            var a2 = alpha * alpha;
            for (var k = 0; k <= Views; k++)
            {
                var nv = Math.Max(k / (double)Views, 1e-3);
                var v = (X: Math.Sqrt(1 - (nv * nv)), Z: nv);
                double sumA = 0, sumB = 0;
                for (var t = 0; t < Theta; t++)
                {
                    var nl = (t + 0.5) / Theta;
                    var sinL = Math.Sqrt(1 - (nl * nl));
                    var visibility = 0.5 / ((nl * Math.Sqrt((nv * nv * (1 - a2)) + a2)) + (nv * Math.Sqrt((nl * nl * (1 - a2)) + a2)));
                    for (var p = 0; p < Phi; p++)
                    {
                        var phi = Math.PI * (p + 0.5) / Phi;
                        var (hx, hy, hz) = (v.X + (sinL * Math.Cos(phi)), sinL * Math.Sin(phi), v.Z + nl);
                        var length = Math.Sqrt((hx * hx) + (hy * hy) + (hz * hz));
                        var nh = hz / length;
                        var vh = ((v.X * hx) + (v.Z * hz)) / length;
                        var d = a2 / (Math.PI * Math.Pow((nh * nh * (a2 - 1)) + 1, 2));
                        var value = d * visibility * nl;
                        var schlick = Math.Pow(1 - vh, 5);
                        sumA += value * (1 - schlick);
                        sumB += value * schlick;
                    }
                }

                var cell = 2 * Math.PI / (Theta * (double)Phi);
                curve._a[k] = sumA * cell;
                curve._b[k] = sumB * cell;
            }

            double averageA = 0, averageB = 0;
            for (var k = 0; k < Views; k++)
            {
                var (m0, m1) = (k / (double)Views, (k + 1) / (double)Views);
                averageA += (m0 * curve._a[k]) + (m1 * curve._a[k + 1]);
                averageB += (m0 * curve._b[k]) + (m1 * curve._b[k + 1]);
            }

            curve.AverageA = averageA / Views;
            curve.AverageB = averageB / Views;
            return curve;
        }
    }
}
