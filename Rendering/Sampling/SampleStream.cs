using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// Counter-based random numbers: the value of dimension d of sample n of pixel (x, y) is a pure hash of
/// (seed, x, y, n, d). No state is shared between pixels, samples or threads, so a pixel's image is the
/// same whatever the tiling, the thread count and the way samples are split into progressive passes.
/// </summary>
/// <remarks>
/// The key is SplitMix64 applied to the packed coordinates; each draw is the SplitMix64 output of
/// key + (d + 1)·φ (φ = 2⁶⁴/golden ratio), i.e. the SplitMix64 sequence seeded with the key, a
/// generator that passes BigCrush (Steele, Lea and Flood, "Fast Splittable Pseudorandom Number
/// Generators", OOPSLA 2014). Draws are independent uniform samples, not a low-discrepancy sequence:
/// convergence is the plain Monte Carlo 1/√n, which keeps the variance-based tolerances of the
/// statistical tests exact.
/// </remarks>
public struct SampleStream
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private readonly ulong _key;
    private ulong _dimension;

    /// <summary>The stream of sample <paramref name="sampleIndex"/> of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public SampleStream(uint seed, int x, int y, int sampleIndex)
    {
        var pixel = ((ulong)(uint)y << 32) | (uint)x;
        _key = Mix(Mix(pixel ^ Mix(seed)) + ((ulong)(uint)sampleIndex * Golden));
        _dimension = 0;
    }

    /// <summary>A stream keyed by an arbitrary 64-bit value (tests, benchmarks, light-map baking).</summary>
    public SampleStream(ulong key)
    {
        _key = Mix(key);
        _dimension = 0;
    }

    /// <summary>How many dimensions have been drawn.</summary>
    public readonly int Dimension => (int)_dimension;

    /// <summary>The next uniform value in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Next()
    {
        _dimension++;
        // 24 high bits: every float in [0, 1) on the 2⁻²⁴ grid, never 1.
        return (Mix(_key + (_dimension * Golden)) >> 40) * (1f / 16777216f);
    }

    /// <summary>The next two uniform values.</summary>
    public Vector2 Next2D() => new(Next(), Next());

    /// <summary>The next raw 64 random bits (for decisions that hash rather than compare).</summary>
    public ulong NextBits()
    {
        _dimension++;
        return Mix(_key + (_dimension * Golden));
    }

    /// <summary>SplitMix64's output function (variant 13 of Stafford's mixers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
