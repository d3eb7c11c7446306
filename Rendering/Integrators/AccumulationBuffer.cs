using System.Numerics;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Per-pixel running sums of radiance samples and their counts: the progressive film. Each sample is
/// added to its pixel's sum directly and in sample order, so the sum after n samples is bit-identical
/// however the samples were split into passes, tiles and threads. Non-finite samples are dropped
/// (counted in <see cref="RejectedSamples"/>) rather than poisoning the pixel.
/// </summary>
public sealed class AccumulationBuffer
{
    private readonly float[] _sum;
    private readonly int[] _count;
    private long _rejected;

    /// <summary>An empty buffer of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public AccumulationBuffer(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _sum = new float[width * height * 3];
        _count = new int[width * height];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Samples dropped because they were NaN or infinite.</summary>
    public long RejectedSamples => Interlocked.Read(ref _rejected);

    /// <summary>Fewest samples any pixel has.</summary>
    public int MinSamples => _count.Min();

    /// <summary>Samples pixel (<paramref name="x"/>, <paramref name="y"/>) has.</summary>
    public int SamplesAt(int x, int y) => _count[(y * Width) + x];

    /// <summary>Adds one sample to a pixel. Only one thread may write a given pixel at a time.</summary>
    public void Add(int x, int y, Vector3 radiance)
    {
        var pixel = (y * Width) + x;
        _count[pixel]++;
        if (!float.IsFinite(radiance.X) || !float.IsFinite(radiance.Y) || !float.IsFinite(radiance.Z))
        {
            Interlocked.Increment(ref _rejected);
            return;
        }

        _sum[3 * pixel] += radiance.X;
        _sum[(3 * pixel) + 1] += radiance.Y;
        _sum[(3 * pixel) + 2] += radiance.Z;
    }

    /// <summary>Forgets every sample (the scene or camera changed).</summary>
    public void Clear()
    {
        Array.Clear(_sum);
        Array.Clear(_count);
        Interlocked.Exchange(ref _rejected, 0);
    }

    /// <summary>Writes the per-pixel means into <paramref name="image"/> (black where no sample yet).</summary>
    public void Resolve(LinearImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != Width || image.Height != Height)
        {
            throw new ArgumentException($"Image is {image.Width}x{image.Height}, the buffer {Width}x{Height}.", nameof(image));
        }

        var pixels = image.Pixels;
        for (var pixel = 0; pixel < _count.Length; pixel++)
        {
            var scale = _count[pixel] > 0 ? 1f / _count[pixel] : 0f;
            pixels[3 * pixel] = _sum[3 * pixel] * scale;
            pixels[(3 * pixel) + 1] = _sum[(3 * pixel) + 1] * scale;
            pixels[(3 * pixel) + 2] = _sum[(3 * pixel) + 2] * scale;
        }
    }

    /// <summary>The per-pixel means as a new image.</summary>
    public LinearImage Resolve()
    {
        var image = new LinearImage(Width, Height);
        Resolve(image);
        return image;
    }
}
