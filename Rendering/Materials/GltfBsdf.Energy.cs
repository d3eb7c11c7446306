using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// Energy of the base layer, from the GGX albedo table (<see cref="GgxEnergy"/>):
/// <list type="bullet">
/// <item>Multiple scattering (Kulla and Conty, SIGGRAPH 2017 course): single-scattering GGX loses the
/// light that leaves a microfacet towards another one (70% of it for a white conductor at roughness 1
/// seen head-on). The lobe f_ms = F_ms·(1 − E(μo))·(1 − E(μi)) / (π·(1 − E_avg)) returns it, with E the
/// white lobe's albedo; its albedo is F_ms·(1 − E(μo)), so a white conductor (F_ms = 1) reflects
/// E + 1 − E = 1 at every angle and roughness, to the table's accuracy. F_ms = F_avg²·E_avg /
/// (1 − F_avg·(1 − E_avg)) sums the bounces of a coloured conductor, F_avg = F0 + (F90 − F0)/21 being
/// Schlick's Fresnel averaged over the hemisphere. The lobe is reciprocal and diffuse-like: it is
/// sampled by the cosine lobe.</item>
/// <item>Albedo scaling of the diffuse lobe: the specular lobes reflect E_s(μ) = F0·A(μ) + F90·B(μ) +
/// F_ms·(1 − E(μ)) (per channel); the diffuse lobe is c_diff/π·(1 − E_s(μo))·(1 − E_s(μi)) / (1 − E_s,avg),
/// the reciprocal form of Kulla and Conty, whose albedo is exactly c_diff·(1 − E_s(μo)). A white
/// dielectric thus reflects 1 at every angle, where the specification's 1 − F(v·h) weighting reflected
/// up to 1.12 at n·v = 0.3 and 1.37 at n·v = 0.01 (roughness 0.3), and a darker one never more than it
/// receives.</item>
/// </list>
/// Neither changes the sampling of the specular lobe: both terms are cosine-weighted and share the
/// diffuse lobe's cosine sampling, chosen with the probability of their albedo at wo. The clear coat
/// and the rough BTDF stay single-scattering.
/// </summary>
internal readonly partial struct GltfBsdf
{
    /// <summary>Below this 1 − E_avg (a nearly smooth lobe: under 10⁻⁴ of the light is lost) there is no multiple-scattering lobe.</summary>
    private const float MinLoss = 1e-4f;

    /// <summary>The constants of the cosine lobes for a diffuse colour (already over π), Fresnel F0/F90 and GGX α.</summary>
    private static (Vector3 DiffuseScaled, Vector3 MsFresnel, float MsNorm) EnergyTerms(Vector3 diffuse, Vector3 f0, float f90, float alpha)
    {
        GgxEnergy.Average(alpha, out var aAvg, out var bAvg);
        var eAvg = aAvg + bAvg;
        var msFresnel = Vector3.Zero;
        var msNorm = 0f;
        if (1f - eAvg > MinLoss)
        {
            var fAvg = f0 + ((new Vector3(f90) - f0) / 21f);
            msFresnel = fAvg * fAvg * eAvg / (Vector3.One - (fAvg * (1f - eAvg)));
            msNorm = 1f / (MathF.PI * (1f - eAvg));
        }

        // 1 − E_s,avg ≥ 1 − E_avg·max(F) ≥ 0; it reaches 0 only for a white conductor, whose diffuse colour is 0.
        var specularAverage = (f0 * aAvg) + new Vector3(f90 * bAvg) + (msFresnel * (1f - eAvg));
        var diffuseScaled = diffuse == Vector3.Zero ? Vector3.Zero : diffuse / Vector3.Max(Vector3.One - specularAverage, new Vector3(MinLoss));
        return (diffuseScaled, msFresnel, msNorm);
    }

    /// <summary>E_s(μ), the specular lobes' albedo at cosine <paramref name="cosine"/>; <paramref name="white"/> is E(μ), a white conductor's single scattering.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector3 SpecularAlbedo(float cosine, out float white)
    {
        GgxEnergy.Directional(cosine, _alpha, out var a, out var b);
        white = a + b;
        return (_f0 * a) + new Vector3(_f90 * b) + (_msFresnel * MathF.Max(0f, 1f - white));
    }

    /// <summary>The albedo-scaled diffuse lobe plus the multiple-scattering lobe at cosines <paramref name="cosO"/> and <paramref name="cosI"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector3 CosineLobes(float cosO, float cosI)
    {
        var eo = SpecularAlbedo(cosO, out var whiteO);
        var ei = SpecularAlbedo(cosI, out var whiteI);
        return (_diffuseScaled * (Vector3.One - eo) * (Vector3.One - ei))
            + (_msFresnel * (_msNorm * MathF.Max(0f, 1f - whiteO) * MathF.Max(0f, 1f - whiteI)));
    }

    /// <summary>
    /// <see cref="DiffuseModel.PrincipledV1"/>: Burley's diffuse with retro-reflection, not weighted by the
    /// specular lobe, plus the multiple-scattering lobe. Sampled, like <see cref="CosineLobes"/>, by the cosine lobe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector3 PrincipledV1Lobes(Vector3 wo, Vector3 wi)
    {
        var fl = Pow5(1f - wi.Z);
        var fv = Pow5(1f - wo.Z);
        var rr = _burleyRoughness * (1f + Vector3.Dot(wo, wi));
        var burley = ((1f - (0.5f * fl)) * (1f - (0.5f * fv))) + (rr * (fl + fv + (fl * fv * (rr - 1f))));
        SpecularAlbedo(wo.Z, out var whiteO);
        SpecularAlbedo(wi.Z, out var whiteI);
        return (_diffuse * burley) + (_msFresnel * (_msNorm * MathF.Max(0f, 1f - whiteO) * MathF.Max(0f, 1f - whiteI)));

        static float Pow5(float x) => x * x * x * x * x;
    }

    /// <summary>Luminance of the cosine lobes' albedo seen at <paramref name="cosO"/>: c_diff·(1 − E_s(μo)) + F_ms·(1 − E(μo)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float CosineLobesAlbedo(float cosO)
    {
        var eo = SpecularAlbedo(cosO, out var white);
        return Luminance((MathF.PI * _diffuse * (Vector3.One - eo)) + (_msFresnel * MathF.Max(0f, 1f - white)));
    }
}
