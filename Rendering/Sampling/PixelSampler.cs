using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// The numbers of one camera sample: shuffled, Owen-scrambled Sobol points (Burley 2020, the
/// "Sobol-Burley" pattern Cycles uses), drawn in dimension groups of up to four. Each call of
/// <see cref="Next1D"/>, <see cref="Next2D"/> or <see cref="Next4D"/> opens the next group: the sample
/// index is shuffled with a seed of (render seed, pixel, group) and the four Sobol dimensions are
/// scrambled with seeds of their own. Within a group the samples of a pixel are stratified as a Sobol
/// sequence is (dimensions 0 and 1 form a (0, 2)-sequence, so a 2D request gets one point per elementary
/// interval for every power-of-two prefix); different groups and pixels are decorrelated by their seeds.
/// </summary>
/// <remarks>
/// A pure function of (seed, pixel, sample index, group): no state is shared between pixels, samples or
/// threads, so a pixel's image does not depend on tiling, thread count or the split into progressive
/// passes. Every point is uniformly distributed (Owen scrambling), so every estimate stays unbiased;
/// error falls faster than 1/√n where the integrand is smooth in the early dimensions and never much
/// slower. Strategies that consume a 1D and a 2D number together should take them from one
/// <see cref="Next4D"/> (2D in X, Y): the three are then stratified jointly.
/// </remarks>
public struct PixelSampler
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private readonly ulong _pixelKey;
    private readonly uint _index;
    private readonly bool _independent;
    private uint _group;

    /// <summary>The numbers of sample <paramref name="sampleIndex"/> of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public PixelSampler(uint seed, int x, int y, int sampleIndex)
        : this(seed, x, y, sampleIndex, independent: false)
    {
    }

    /// <summary>
    /// With <paramref name="independent"/>, plain independent uniform numbers instead (hashes of the same
    /// key): the Monte Carlo baseline the tests and the bench compare the Sobol points against.
    /// </summary>
    internal PixelSampler(uint seed, int x, int y, int sampleIndex, bool independent)
    {
        var pixel = ((ulong)(uint)y << 32) | (uint)x;
        _pixelKey = SampleStream.Mix(SampleStream.Mix(pixel ^ SampleStream.Mix(seed)) + Golden);
        _index = (uint)sampleIndex;
        _independent = independent;
        _group = 0;
    }

    /// <summary>How many dimension groups have been drawn.</summary>
    public readonly int Group => (int)_group;

    /// <summary>The next group's first number in [0, 1).</summary>
    public float Next1D() => Next4D().X;

    /// <summary>The next group's first two numbers, jointly stratified.</summary>
    public Vector2 Next2D()
    {
        var v = Next4D();
        return new Vector2(v.X, v.Y);
    }

    /// <summary>The next group's four numbers in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector4 Next4D()
    {
        _group++;
        var key = SampleStream.Mix(_pixelKey + (_group * Golden));
        if (_independent)
        {
            key = SampleStream.Mix(key ^ SampleStream.Mix(_index));
        }

        var seeds = SampleStream.Mix(key);
        var more = SampleStream.Mix(seeds);
        if (_independent)
        {
            return new Vector4((uint)key >> 8, (uint)(key >> 40), (uint)seeds >> 8, (uint)(seeds >> 40)) * (1f / 16777216f);
        }

        var shuffled = OwenScramble.Scramble(_index, (uint)key);
        var point = OwenScramble.Scramble(Sobol4.Point(shuffled), Vector128.Create((uint)(key >> 32), (uint)seeds, (uint)(seeds >> 32), (uint)more));

        // 24 high bits: every float in [0, 1) on the 2⁻²⁴ grid, never 1.
        return Vector128.ConvertToSingle((point >> 8).AsInt32()).AsVector4() * (1f / 16777216f);
    }
}
