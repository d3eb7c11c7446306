using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// <c>GgxEnergy</c>'s lookups on the uploaded table (same layout, same interpolation, the same float
/// operations): A(μ, α), B(μ, α) and their cosine-weighted averages, for the energy terms of <see cref="DeviceBsdf"/>.
/// </summary>
internal static class DeviceGgxEnergy
{
    private const int Size = 32;
    private const int AverageOffset = Size * Size * 2;

    /// <summary>A and B at cosine <paramref name="cosO"/> and GGX α, bilinear (<c>GgxEnergy.Directional</c>).</summary>
    public static void Directional(ArrayView<float> table, float cosO, float alpha, out float a, out float b)
    {
        var x = MathF.Sqrt(Clamp01(cosO)) * (Size - 1);
        var y = MathF.Sqrt(Clamp01(alpha)) * (Size - 1);
        var x0 = Math.Min((int)x, Size - 2);
        var y0 = Math.Min((int)y, Size - 2);
        var fx = x - x0;
        var fy = y - y0;
        var i00 = 2 * ((y0 * Size) + x0);
        var i10 = i00 + (2 * Size);
        var topA = table[i00] + (fx * (table[i00 + 2] - table[i00]));
        var bottomA = table[i10] + (fx * (table[i10 + 2] - table[i10]));
        var topB = table[i00 + 1] + (fx * (table[i00 + 3] - table[i00 + 1]));
        var bottomB = table[i10 + 1] + (fx * (table[i10 + 3] - table[i10 + 1]));
        a = topA + (fy * (bottomA - topA));
        b = topB + (fy * (bottomB - topB));
    }

    /// <summary>A_avg and B_avg at GGX α, linear between rows (<c>GgxEnergy.Average</c>).</summary>
    public static void Average(ArrayView<float> table, float alpha, out float a, out float b)
    {
        var y = MathF.Sqrt(Clamp01(alpha)) * (Size - 1);
        var y0 = Math.Min((int)y, Size - 2);
        var fy = y - y0;
        var i = AverageOffset + (2 * y0);
        a = table[i] + (fy * (table[i + 2] - table[i]));
        b = table[i + 1] + (fy * (table[i + 3] - table[i + 1]));
    }

    private static float Clamp01(float x) => MathF.Max(0f, MathF.Min(x, 1f));
}
