using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// Hash-based Owen scrambling (nested uniform scrambling) of 32-bit fractions: Burley, "Practical
/// Hash-based Owen Scrambling", JCGT 9(4), 2020, with Vegdahl's improved Laine–Karras hash ("Building a
/// better LK hash", 2021). Reversing the bits turns "each bit flipped by a function of the more
/// significant bits" (Owen's nested scramble) into "each bit flipped by a function of the less
/// significant bits", which is what additions and multiplications by even constants do.
/// </summary>
/// <remarks>
/// Owen scrambling keeps every net and sequence property of the points it scrambles and makes each point
/// uniformly distributed, so estimates stay unbiased. Applied to a sample index it is a shuffle that
/// maps every aligned block of 2^k indices onto an aligned block of 2^k indices.
/// </remarks>
internal static class OwenScramble
{
    /// <summary>Scrambles one 32-bit value with <paramref name="seed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Scramble(uint x, uint seed) => ReverseBits(LaineKarras(ReverseBits(x), seed));

    /// <summary>Scrambles four values, each lane with its own seed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Scramble(Vector128<uint> x, Vector128<uint> seed)
    {
        x = ReverseBits(x);
        x ^= x * 0x3d20adeau;
        x += seed;
        x *= (seed >> 16) | Vector128<uint>.One;
        x ^= x * 0x05526c56u;
        x ^= x * 0x53a22864u;
        return ReverseBits(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LaineKarras(uint x, uint seed)
    {
        x ^= x * 0x3d20adeau;
        x += seed;
        x *= (seed >> 16) | 1u;
        x ^= x * 0x05526c56u;
        x ^= x * 0x53a22864u;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ReverseBits(Vector128<uint> x)
    {
        var m1 = Vector128.Create(0x55555555u);
        var m2 = Vector128.Create(0x33333333u);
        var m4 = Vector128.Create(0x0F0F0F0Fu);
        var m8 = Vector128.Create(0x00FF00FFu);
        x = ((x >> 1) & m1) | ((x & m1) << 1);
        x = ((x >> 2) & m2) | ((x & m2) << 2);
        x = ((x >> 4) & m4) | ((x & m4) << 4);
        x = ((x >> 8) & m8) | ((x & m8) << 8);
        return (x >> 16) | (x << 16);
    }
}
