using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The sheen lobe of KHR_materials_sheen in the local shading frame (normal = +Z): the "Charlie"
/// distribution of Estevez and Kulla, "Production Friendly Microfacet Sheen BRDF" (2017),
/// D(h) = (2 + 1/α)·sin(θh)^(1/α) / 2π with α = sheenRoughness², and the paper's approximate Smith
/// visibility V = 1 / ((1 + Λ(n·v) + Λ(n·l))·4·n·v·n·l), Λ from its fitted exponential (the form the
/// extension and Khronos' sample renderer use). Ashikhmin's simpler visibility, the other one the
/// extension names, is not used: its albedo exceeds 1 at grazing angles (~1.9 at n·v = 0.05 for a
/// smooth sheen), which no albedo scaling can take back. The lobe is f = sheenColor·D·V. Its directional albedo E(n·v, roughness),
/// which scales the layers below (1 − max(sheenColor)·E), is tabulated once by quadrature of this very
/// lobe, so the layering neither gains nor loses energy beyond the table's interpolation.
/// </summary>
internal static class Charlie
{
    /// <summary>Smallest α: below it the lobe is a grazing spike the albedo table cannot resolve.</summary>
    public const float MinAlpha = 5e-3f;

    // Albedo table: Size × Size nodes over perceptual roughness (rows) and √(n·v) (columns), both in
    // [0, 1]: the square root puts the columns close together at grazing angles, where E changes fastest.
    private const int Size = 32;
    private static readonly float[] AlbedoTable = BuildAlbedoTable();

    /// <summary>α = roughness², at least <see cref="MinAlpha"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Alpha(float roughness)
    {
        var r = Math.Clamp(roughness, 0f, 1f);
        return MathF.Max(r * r, MinAlpha);
    }

    /// <summary>The sheen BRDF D·V for unit wo and wi above the surface (without the sheen colour).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Evaluate(Vector3 wo, Vector3 wi, float alpha)
    {
        var h = Vector3.Normalize(wo + wi);
        return D(h.Z, alpha) * Visibility(wo.Z, wi.Z, alpha);
    }

    /// <summary>Charlie D for a microfacet normal at cosine <paramref name="cosH"/> from the normal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float D(float cosH, float alpha)
    {
        var sin2 = MathF.Max(0f, 1f - (cosH * cosH));
        var inv = 1f / alpha;
        return (2f + inv) * MathF.Pow(sin2, 0.5f * inv) / (2f * MathF.PI);
    }

    /// <summary>The height-correlated Smith visibility with the sheen's Λ, the 1/(4·n·l·n·v) folded in, at most 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Visibility(float cosO, float cosI, float alpha) =>
        Math.Clamp(1f / ((1f + Lambda(cosO, alpha) + Lambda(cosI, alpha)) * 4f * cosO * cosI), 0f, 1f);

    /// <summary>Estevez and Kulla's Λ(cosθ): exp(L(cosθ)) below 0.5, mirrored above so that it is smooth and 0 at the normal.</summary>
    private static float Lambda(float cosTheta, float alpha)
    {
        var c = Math.Clamp(cosTheta, 0f, 1f);
        return c < 0.5f ? MathF.Exp(L(c, alpha)) : MathF.Exp((2f * L(0.5f, alpha)) - L(1f - c, alpha));
    }

    /// <summary>The paper's fit of ln Λ, its five coefficients interpolated in (1 − α)² between α = 0 and α = 1.</summary>
    private static float L(float x, float alpha)
    {
        var t = (1f - alpha) * (1f - alpha);
        var a = Lerp(21.5473f, 25.3245f, t);
        var b = Lerp(3.82987f, 3.32435f, t);
        var c = Lerp(0.19823f, 0.16801f, t);
        var d = Lerp(-1.97760f, -1.27393f, t);
        var e = Lerp(-4.32054f, -4.85967f, t);
        return (a / (1f + (b * MathF.Pow(x, c)))) + (d * x) + e;
    }

    private static float Sqr(float x) => x * x;

    private static float Lerp(float from, float to, float t) => from + ((to - from) * t);

    /// <summary>Directional albedo ∫ D·V·cosθi dωi of the lobe seen at cosine <paramref name="cosO"/> (bilinear in the table).</summary>
    public static float Albedo(float cosO, float roughness)
    {
        var x = MathF.Sqrt(Math.Clamp(cosO, 0f, 1f)) * (Size - 1);
        var y = Math.Clamp(roughness, 0f, 1f) * (Size - 1);
        var x0 = Math.Min((int)x, Size - 2);
        var y0 = Math.Min((int)y, Size - 2);
        var fx = x - x0;
        var fy = y - y0;
        var row0 = y0 * Size;
        var row1 = row0 + Size;
        var top = AlbedoTable[row0 + x0] + (fx * (AlbedoTable[row0 + x0 + 1] - AlbedoTable[row0 + x0]));
        var bottom = AlbedoTable[row1 + x0] + (fx * (AlbedoTable[row1 + x0 + 1] - AlbedoTable[row1 + x0]));
        return top + (fy * (bottom - top));
    }

    /// <summary>
    /// E(n·v, roughness) by the midpoint rule over microfacet normals h (cosθh × φ, 256 × 64, φ mirrored):
    /// E = ∫ D(h)·V·(n·l)·4(v·h) dωh over the h whose reflection l lies above the surface. In h the
    /// integrand is smooth where it matters (the peak of D near the horizon is ~√α wide in cosθh).
    /// </summary>
    private static float[] BuildAlbedoTable()
    {
        const int Theta = 256, Phi = 32;
        var table = new float[Size * Size];
        Span<float> sinPhi = stackalloc float[Phi];
        Span<float> cosPhi = stackalloc float[Phi];
        for (var p = 0; p < Phi; p++)
        {
            (sinPhi[p], cosPhi[p]) = MathF.SinCos(MathF.PI * (p + 0.5f) / Phi);
        }

        for (var j = 0; j < Size; j++)
        {
            var alpha = Alpha(j / (float)(Size - 1));
            for (var i = 0; i < Size; i++)
            {
                var cosO = MathF.Max(Sqr(i / (float)(Size - 1)), 1e-4f);
                var wo = new Vector3(MathF.Sqrt(1f - (cosO * cosO)), 0f, cosO);
                var sum = 0.0;
                for (var t = 0; t < Theta; t++)
                {
                    var cosH = (t + 0.5f) / Theta;
                    var sinH = MathF.Sqrt(1f - (cosH * cosH));
                    var d = D(cosH, alpha);
                    for (var p = 0; p < Phi; p++)
                    {
                        var h = new Vector3(sinH * cosPhi[p], sinH * sinPhi[p], cosH);
                        var oh = Vector3.Dot(wo, h);
                        var cosI = (2f * oh * cosH) - cosO;
                        if (oh > 0f && cosI > 0f)
                        {
                            sum += d * Visibility(cosO, cosI, alpha) * cosI * 4f * oh;
                        }
                    }
                }

                // dωh = d(cosθh)·dφ over φ ∈ [0, 2π): the mirrored half counted twice.
                table[(j * Size) + i] = (float)(sum * 2.0 * (1.0 / Theta) * (Math.PI / Phi));
            }
        }

        return table;
    }
}
