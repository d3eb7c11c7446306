using System.Numerics;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The transmission lobe of KHR_materials_transmission. Into a volume (KHR_materials_volume) it is the
/// rough dielectric BTDF of Walter et al., "Microfacet Models for Refraction through Rough Surfaces"
/// (EGSR 2007), eq. 21, in pbrt-v4's form (generalised half-vector wm = normalize(η·wi + wo), density
/// through dwm/dwi = |wi·wm| / (wi·wm + wo·wm/η)²), with radiance scaled by 1/η² across the interface.
/// Thin-walled, it is the specular lobe mirrored through the surface: the light keeps its direction
/// and is spread only by the roughness, as the transmission extension specifies for no volume.
/// Both take the weight (1 − F_d)·t·c of the dielectric's Fresnel, so that reflection plus transmission
/// of a white, non-absorbing surface is 1 per microfacet.
/// </summary>
internal readonly partial struct GltfBsdf
{
    private Vector3 EvaluateTransmission(Vector3 wo, Vector3 wi)
    {
        if (_thin)
        {
            var mirrored = new Vector3(wi.X, wi.Y, -wi.Z);
            var h = Vector3.Normalize(wo + mirrored);
            Fresnel(Math.Clamp(Vector3.Dot(wo, h), 0f, 1f), out _, out var dielectric);
            var lobe = Ggx.D(h, _alpha) * Ggx.G2(wo, mirrored, _alpha) / (4f * wo.Z * mirrored.Z);
            return (Vector3.One - dielectric) * _transmit * lobe;
        }

        if (!RefractionHalfVector(wo, wi, out var wm, out var cosO, out var cosI))
        {
            return Vector3.Zero;
        }

        Fresnel(cosO, out _, out var d);
        var denom = Sqr(cosI + (cosO / _eta));
        var ft = Ggx.D(wm, _alpha) * Ggx.G2(wo, wi, _alpha) * MathF.Abs(cosI * cosO / (wi.Z * wo.Z * denom)) / (_eta * _eta);
        return (Vector3.One - d) * _transmit * ft;
    }

    /// <summary>Density of choosing the specular lobe's transmission towards wi (below the surface), given the specular lobe.</summary>
    private float TransmissionPdf(Vector3 wo, Vector3 wi)
    {
        if (_thin)
        {
            var mirrored = new Vector3(wi.X, wi.Y, -wi.Z);
            var h = Vector3.Normalize(wo + mirrored);
            return Ggx.ReflectionPdf(wo, h, _alpha) * (1f - ReflectProbability(Math.Clamp(Vector3.Dot(wo, h), 0f, 1f)));
        }

        if (!RefractionHalfVector(wo, wi, out var wm, out var cosO, out var cosI))
        {
            return 0f;
        }

        var visible = Ggx.G1(wo, _alpha) * cosO * Ggx.D(wm, _alpha) / wo.Z;
        var dwmDwi = MathF.Abs(cosI) / Sqr(cosI + (cosO / _eta));
        return visible * dwmDwi * (1f - ReflectProbability(cosO));
    }

    /// <summary>Transmission through microfacet <paramref name="m"/>: mirrored reflection when thin-walled, else refraction (false on total internal reflection).</summary>
    private bool SampleTransmission(Vector3 wo, Vector3 m, out Vector3 wi)
    {
        if (_thin)
        {
            var reflected = Reflect(wo, m);
            wi = new Vector3(reflected.X, reflected.Y, -reflected.Z);
            return reflected.Z > 0f;
        }

        // Snell's law in vector form (pbrt-v4 Refract): wt = −wo/η + (cos θo/η − cos θt)·m.
        var cosO = Vector3.Dot(wo, m);
        var sin2T = MathF.Max(0f, 1f - (cosO * cosO)) / (_eta * _eta);
        if (cosO <= 0f || sin2T >= 1f)
        {
            wi = Vector3.Zero;
            return false;
        }

        var cosT = MathF.Sqrt(1f - sin2T);
        wi = (-wo / _eta) + (((cosO / _eta) - cosT) * m);
        return wi.Z < 0f;
    }

    /// <summary>
    /// The half-vector of refraction between wo (above) and wi (below), turned to +Z, with wo·wm and
    /// wi·wm; false when the pair cannot be a refraction through a front-facing microfacet.
    /// </summary>
    private bool RefractionHalfVector(Vector3 wo, Vector3 wi, out Vector3 wm, out float cosO, out float cosI)
    {
        wm = (_eta * wi) + wo;
        var length = wm.Length();
        cosO = cosI = 0f;
        if (!(length > 1e-7f))
        {
            return false;
        }

        wm /= wm.Z < 0f ? -length : length;
        cosO = Vector3.Dot(wo, wm);
        cosI = Vector3.Dot(wi, wm);
        return cosO > 0f && cosI < 0f;
    }
}
