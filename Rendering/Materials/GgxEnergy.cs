using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// The directional albedo of the single-scattering GGX reflection lobe (<see cref="Ggx"/>: D with the
/// height-correlated Smith G2), the table that multiple-scattering energy compensation (Kulla and Conty,
/// "Revisiting Physically Based Shading at Imageworks", SIGGRAPH 2017 course) and the albedo scaling of
/// the diffuse lobe under it read. Schlick's Fresnel F = F0 + (F90 − F0)·(1 − v·h)⁵ is linear in F0 and
/// F90, so the albedo of the lobe with any Fresnel is F0·A(μ, α) + F90·B(μ, α), with
/// A = ∫ (1 − (1 − v·h)⁵)·f·cosθi dωi and B = ∫ (1 − v·h)⁵·f·cosθi dωi (Karis' split, "Real Shading in
/// Unreal Engine 4", 2013); E = A + B is the albedo of a white conductor. The cosine-weighted averages
/// over the view, A_avg = 2∫A·μ dμ and B_avg, are tabulated per roughness as well.
/// </summary>
/// <remarks>
/// <see cref="Size"/> × <see cref="Size"/> nodes over √α (rows; α clamped to <see cref="Ggx.MinAlpha"/>)
/// and √μ (columns: the square root puts them close together at grazing angles, where the albedo
/// changes fastest), computed once on first use by stratified visible-normal sampling (the weight of
/// a sample is G2/G1(wo), smooth in the sample numbers). The averages integrate the bilinear
/// interpolation itself, so ∫ (1 − E(μ))·2μ dμ equals 1 − E_avg for the interpolated table and an
/// albedo-scaled lobe normalised by it reflects exactly what the table says. The GPU backend uploads
/// <see cref="Table"/> and reads it the same way.
/// </remarks>
internal static class GgxEnergy
{
    /// <summary>Nodes per axis.</summary>
    public const int Size = 32;

    /// <summary>Offset in <see cref="Table"/> of the averages: A_avg and B_avg per row, after the Size × Size × 2 nodes (A, B).</summary>
    public const int AverageOffset = Size * Size * 2;

    // Stratified sample grid per node: 96 × 96 visible normals.
    private const int Strata = 96;

    private static readonly float[] Data = Build();

    /// <summary>The whole table: per node (row √α, column √μ) A then B, then per row A_avg then B_avg.</summary>
    public static ReadOnlySpan<float> Table => Data;

    /// <summary>A(μ, α) and B(μ, α) by bilinear interpolation; their sum is the albedo of a white conductor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Directional(float cosO, float alpha, out float a, out float b)
    {
        var x = MathF.Sqrt(Math.Clamp(cosO, 0f, 1f)) * (Size - 1);
        var y = MathF.Sqrt(Math.Clamp(alpha, 0f, 1f)) * (Size - 1);
        var x0 = Math.Min((int)x, Size - 2);
        var y0 = Math.Min((int)y, Size - 2);
        var fx = x - x0;
        var fy = y - y0;
        var i00 = 2 * ((y0 * Size) + x0);
        var i10 = i00 + (2 * Size);
        var data = Data;
        var topA = data[i00] + (fx * (data[i00 + 2] - data[i00]));
        var bottomA = data[i10] + (fx * (data[i10 + 2] - data[i10]));
        var topB = data[i00 + 1] + (fx * (data[i00 + 3] - data[i00 + 1]));
        var bottomB = data[i10 + 1] + (fx * (data[i10 + 3] - data[i10 + 1]));
        a = topA + (fy * (bottomA - topA));
        b = topB + (fy * (bottomB - topB));
    }

    /// <summary>A_avg(α) and B_avg(α): 2∫A·μ dμ and 2∫B·μ dμ of the interpolated table, linear between rows.</summary>
    public static void Average(float alpha, out float a, out float b)
    {
        var y = MathF.Sqrt(Math.Clamp(alpha, 0f, 1f)) * (Size - 1);
        var y0 = Math.Min((int)y, Size - 2);
        var fy = y - y0;
        var i = AverageOffset + (2 * y0);
        var data = Data;
        a = data[i] + (fy * (data[i + 2] - data[i]));
        b = data[i + 1] + (fy * (data[i + 3] - data[i + 1]));
    }

    private static float[] Build()
    {
        var table = new float[AverageOffset + (2 * Size)];
        for (var j = 0; j < Size; j++)
        {
            var r = j / (float)(Size - 1);
            var alpha = MathF.Max(r * r, Ggx.MinAlpha);
            for (var i = 0; i < Size; i++)
            {
                var s = i / (float)(Size - 1);
                var (a, b) = Integrate(MathF.Max(s * s, 1e-4f), alpha);
                table[2 * ((j * Size) + i)] = (float)a;
                table[(2 * ((j * Size) + i)) + 1] = (float)b;
            }

            // 2∫E·μ dμ with μ = x²: ∫ 4x³·E(x) dx over the piecewise-linear row, midpoint rule per segment.
            const int Steps = 64;
            double sumA = 0, sumB = 0;
            for (var i = 0; i < Size - 1; i++)
            {
                var k = 2 * ((j * Size) + i);
                for (var t = 0; t < Steps; t++)
                {
                    var f = (t + 0.5) / Steps;
                    var x = (i + f) / (Size - 1);
                    var w = 4.0 * x * x * x / ((Size - 1) * Steps);
                    sumA += w * (table[k] + (f * (table[k + 2] - table[k])));
                    sumB += w * (table[k + 1] + (f * (table[k + 3] - table[k + 1])));
                }
            }

            table[AverageOffset + (2 * j)] = (float)sumA;
            table[AverageOffset + (2 * j) + 1] = (float)sumB;
        }

        return table;
    }

    /// <summary>A and B at one node: the mean VNDF sample weight G2/G1(wo), split by the Schlick weight (1 − v·m)⁵.</summary>
    private static (double A, double B) Integrate(float cosO, float alpha)
    {
        var wo = new Vector3(MathF.Sqrt(1f - (cosO * cosO)), 0f, cosO);
        var g1 = Ggx.G1(wo, alpha);
        double a = 0, b = 0;
        for (var p = 0; p < Strata; p++)
        {
            for (var q = 0; q < Strata; q++)
            {
                var m = Ggx.SampleVisibleNormal(wo, alpha, new Vector2((p + 0.5f) / Strata, (q + 0.5f) / Strata));
                var om = Vector3.Dot(wo, m);
                var wi = (2f * om * m) - wo;
                if (wi.Z <= 0f || om <= 0f)
                {
                    continue;
                }

                var weight = (double)(Ggx.G2(wo, wi, alpha) / g1);
                var x = 1.0 - om;
                var schlick = x * x * x * x * x;
                a += weight * (1.0 - schlick);
                b += weight * schlick;
            }
        }

        var n = (double)Strata * Strata;
        return (a / n, b / n);
    }
}
