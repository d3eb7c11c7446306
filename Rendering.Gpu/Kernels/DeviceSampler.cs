using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// <c>PixelSampler</c> for kernels, number for number: shuffled, Owen-scrambled Sobol points in 4D
/// groups, the same hashes and the same Joe–Kuo table (uploaded from <c>Sobol4</c>), written with
/// scalar lanes instead of <c>Vector128</c>. A device path therefore draws exactly the numbers the CPU
/// path would for the same seed, pixel, sample and group (tested).
/// </summary>
internal struct DeviceSampler
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const float Scale = 1f / 16777216f;
    private readonly ulong _pixelKey;
    private readonly uint _index;
    private uint _group;

    public DeviceSampler(uint seed, int x, int y, int sampleIndex)
    {
        var pixel = ((ulong)(uint)y << 32) | (uint)x;
        _pixelKey = Mix(Mix(pixel ^ Mix(seed)) + Golden);
        _index = (uint)sampleIndex;
        _group = 0;
    }

    /// <summary>The next 4D group (the CPU sampler's <c>Next4D</c>); each component in [0, 1).</summary>
    public Sample4 Next4D(ArrayView<uint> sobol)
    {
        _group++;
        var key = Mix(_pixelKey + (_group * Golden));
        var seeds = Mix(key);
        var more = Mix(seeds);
        var shuffled = Scramble(_index, (uint)key);
        var b0 = (int)(shuffled & 0xFF);
        var b1 = 256 + (int)((shuffled >> 8) & 0xFF);
        var b2 = 512 + (int)((shuffled >> 16) & 0xFF);
        var b3 = 768 + (int)(shuffled >> 24);
        return new Sample4(
            Lane(sobol, b0, b1, b2, b3, 0, (uint)(key >> 32)),
            Lane(sobol, b0, b1, b2, b3, 1, (uint)seeds),
            Lane(sobol, b0, b1, b2, b3, 2, (uint)(seeds >> 32)),
            Lane(sobol, b0, b1, b2, b3, 3, (uint)more));
    }

    private static float Lane(ArrayView<uint> sobol, int b0, int b1, int b2, int b3, int lane, uint seed)
    {
        var point = sobol[(4 * b0) + lane] ^ sobol[(4 * b1) + lane] ^ sobol[(4 * b2) + lane] ^ sobol[(4 * b3) + lane];
        return (int)(Scramble(point, seed) >> 8) * Scale;
    }

    /// <summary>SplitMix64's output function (<c>SampleStream.Mix</c>).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Owen scrambling by the Laine–Karras hash on reversed bits (<c>OwenScramble.Scramble</c>).</summary>
    public static uint Scramble(uint x, uint seed)
    {
        x = ReverseBits(x);
        x ^= x * 0x3d20adeau;
        x += seed;
        x *= (seed >> 16) | 1u;
        x ^= x * 0x05526c56u;
        x ^= x * 0x53a22864u;
        return ReverseBits(x);
    }

    private static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }
}

/// <summary>One 4D group of sample numbers.</summary>
internal readonly struct Sample4
{
    public readonly float X;
    public readonly float Y;
    public readonly float Z;
    public readonly float W;

    public Sample4(float x, float y, float z, float w)
    {
        X = x;
        Y = y;
        Z = z;
        W = w;
    }
}
