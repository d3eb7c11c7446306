using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// The first four dimensions of the Sobol sequence (32-bit), the base of <see cref="PixelSampler"/>.
/// Dimension 0 is the van der Corput sequence; 1–3 use the primitive polynomials x + 1, x² + x + 1 and
/// x³ + x + 1 with Joe and Kuo's initial direction numbers (new-joe-kuo-6.21201: m = 1; 1, 3; 1, 3, 1).
/// Dimensions 0 and 1 form a (0, 2)-sequence: every aligned block of 2^k points has exactly one point in
/// each elementary interval of area 2^−k.
/// </summary>
/// <remarks>
/// Point n is the XOR of the direction vectors of n's set bits, evaluated a byte at a time from four
/// 256-entry tables of the four dimensions side by side (16 KiB), so a 4D point costs four loads and
/// three XORs whatever the index.
/// </remarks>
internal static class Sobol4
{
    private static readonly Vector128<uint>[] Table = BuildTable();

    /// <summary>Point <paramref name="index"/>, the four dimensions as 32-bit fractions (0.32 fixed point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Point(uint index)
    {
        var table = Table;
        return table[(int)(index & 0xFF)]
            ^ table[256 + (int)((index >> 8) & 0xFF)]
            ^ table[512 + (int)((index >> 16) & 0xFF)]
            ^ table[768 + (int)(index >> 24)];
    }

    /// <summary>The 4 × 256 table flattened, four lanes per entry (for device upload).</summary>
    internal static uint[] FlatTable()
    {
        var flat = new uint[Table.Length * 4];
        for (var i = 0; i < Table.Length; i++)
        {
            Table[i].CopyTo(flat.AsSpan(4 * i, 4));
        }

        return flat;
    }

    /// <summary>The 32 direction vectors of each dimension, [dimension][bit], bit 0 = least significant index bit.</summary>
    internal static uint[][] DirectionVectors()
    {
        // (degree s, coefficients a, initial m₁..m_s) per dimension after the first.
        (int Degree, uint A, uint[] M)[] polynomials = [(1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1])];
        var vectors = new uint[4][];
        vectors[0] = new uint[32];
        for (var i = 0; i < 32; i++)
        {
            vectors[0][i] = 1u << (31 - i);
        }

        for (var d = 1; d < 4; d++)
        {
            var (s, a, m) = polynomials[d - 1];
            var v = new uint[33]; // 1-based, as Joe and Kuo write the recurrence
            for (var i = 1; i <= s; i++)
            {
                v[i] = m[i - 1] << (32 - i);
            }

            for (var i = s + 1; i <= 32; i++)
            {
                v[i] = v[i - s] ^ (v[i - s] >> s);
                for (var k = 1; k < s; k++)
                {
                    v[i] ^= ((a >> (s - 1 - k)) & 1u) * v[i - k];
                }
            }

            vectors[d] = v[1..];
        }

        return vectors;
    }

    private static Vector128<uint>[] BuildTable()
    {
        var vectors = DirectionVectors();
        var table = new Vector128<uint>[4 * 256];
        var point = new uint[4];
        for (var b = 0; b < 4; b++)
        {
            for (var value = 0; value < 256; value++)
            {
                Array.Clear(point);
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((value & (1 << bit)) != 0)
                    {
                        for (var d = 0; d < 4; d++)
                        {
                            point[d] ^= vectors[d][(8 * b) + bit];
                        }
                    }
                }

                table[(256 * b) + value] = Vector128.Create(point[0], point[1], point[2], point[3]);
            }
        }

        return table;
    }
}
