using System.Numerics;
using OrleansBridge.Rendering.Denoising;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Per-pixel running sums of radiance samples and their counts: the progressive film. Each sample is
/// added to its pixel's sum directly and in sample order, so the sum after n samples is bit-identical
/// however the samples were split into passes, tiles and threads. Non-finite samples are dropped
/// (counted in <see cref="RejectedSamples"/>) rather than poisoning the pixel. With
/// <see cref="HasFeatures"/>, it also sums each sample's first-hit albedo and normal and its squared
/// luminance (for the per-pixel variance), the denoiser's inputs: seven more floats per pixel, allocated
/// here once, and a few additions per sample.
/// </summary>
public sealed class AccumulationBuffer
{
    private readonly float[] _sum;
    private readonly int[] _count;
    private readonly float[] _albedo;
    private readonly float[] _normal;
    private readonly float[] _luminanceSquared;
    private long _rejected;

    /// <summary>
    /// An empty buffer of <paramref name="width"/> × <paramref name="height"/> pixels; with
    /// <paramref name="features"/>, it also keeps the denoiser's feature sums.
    /// </summary>
    public AccumulationBuffer(int width, int height, bool features = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _sum = new float[width * height * 3];
        _count = new int[width * height];
        _albedo = features ? new float[width * height * 3] : [];
        _normal = features ? new float[width * height * 3] : [];
        _luminanceSquared = features ? new float[width * height] : [];
    }

    /// <summary>True when the buffer sums first-hit features and squared luminance for the denoiser.</summary>
    public bool HasFeatures => _luminanceSquared.Length > 0;

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
    public void Add(int x, int y, Vector3 radiance) => Add(x, y, radiance, SampleFeatures.Escaped);

    /// <summary>Adds one sample and its first-hit features (kept only with <see cref="HasFeatures"/>). Only one thread may write a given pixel at a time.</summary>
    public void Add(int x, int y, Vector3 radiance, in SampleFeatures features)
    {
        var pixel = (y * Width) + x;
        _count[pixel]++;
        if (HasFeatures)
        {
            _albedo[3 * pixel] += features.Albedo.X;
            _albedo[(3 * pixel) + 1] += features.Albedo.Y;
            _albedo[(3 * pixel) + 2] += features.Albedo.Z;
            _normal[3 * pixel] += features.Normal.X;
            _normal[(3 * pixel) + 1] += features.Normal.Y;
            _normal[(3 * pixel) + 2] += features.Normal.Z;
        }

        if (!float.IsFinite(radiance.X) || !float.IsFinite(radiance.Y) || !float.IsFinite(radiance.Z))
        {
            Interlocked.Increment(ref _rejected);
            return;
        }

        _sum[3 * pixel] += radiance.X;
        _sum[(3 * pixel) + 1] += radiance.Y;
        _sum[(3 * pixel) + 2] += radiance.Z;
        if (HasFeatures)
        {
            var luminance = Luminance.Of(radiance);
            _luminanceSquared[pixel] += luminance * luminance;
        }
    }

    /// <summary>
    /// Replaces the film by running sums kept elsewhere (a device): per pixel the sum of its finite
    /// samples (RGB, row-major), every pixel holding <paramref name="samples"/> samples, of which
    /// <paramref name="rejected"/> in all were not finite; for a film with features, per pixel the sums of
    /// first-hit albedo (3), normal (3) and luminance² (1) in <paramref name="features"/>.
    /// </summary>
    internal void Load(ReadOnlySpan<float> sums, int samples, long rejected, ReadOnlySpan<float> features = default)
    {
        if (HasFeatures != (features.Length > 0) || (HasFeatures && features.Length != 7 * _count.Length))
        {
            throw new ArgumentException($"The film {(HasFeatures ? "keeps" : "keeps no")} features; {features.Length / 7} pixels of features came.", nameof(features));
        }

        if (sums.Length != _sum.Length)
        {
            throw new ArgumentException($"The sums hold {sums.Length / 3} pixels, the film {_count.Length}.", nameof(sums));
        }

        sums.CopyTo(_sum);
        Array.Fill(_count, samples);
        for (var pixel = 0; pixel < _luminanceSquared.Length; pixel++)
        {
            features.Slice(7 * pixel, 3).CopyTo(_albedo.AsSpan(3 * pixel, 3));
            features.Slice((7 * pixel) + 3, 3).CopyTo(_normal.AsSpan(3 * pixel, 3));
            _luminanceSquared[pixel] = features[(7 * pixel) + 6];
        }

        Interlocked.Exchange(ref _rejected, rejected);
    }

    /// <summary>Forgets every sample (the scene or camera changed).</summary>
    public void Clear()
    {
        Array.Clear(_sum);
        Array.Clear(_count);
        Array.Clear(_albedo);
        Array.Clear(_normal);
        Array.Clear(_luminanceSquared);
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

    /// <summary>
    /// Writes the per-pixel means of colour, albedo and normal into <paramref name="input"/>, and each
    /// pixel mean's luminance variance (sample variance / n) where the pixel has at least
    /// <see cref="DenoiseInput.MinSamplesForVariance"/> samples; −1 (unknown) elsewhere.
    /// </summary>
    public void Resolve(DenoiseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!HasFeatures)
        {
            throw new InvalidOperationException("This buffer keeps no features: create it with features: true to denoise.");
        }

        if (input.Width != Width || input.Height != Height)
        {
            throw new ArgumentException($"The input is {input.Width}x{input.Height}, the buffer {Width}x{Height}.", nameof(input));
        }

        Resolve(input.Color);
        var albedo = input.Albedo.Pixels;
        var normal = input.Normal.Pixels;
        var color = input.Color.Pixels;
        var variance = input.Variance;
        for (var pixel = 0; pixel < _count.Length; pixel++)
        {
            var n = _count[pixel];
            var scale = n > 0 ? 1f / n : 0f;
            for (var c = 0; c < 3; c++)
            {
                albedo[(3 * pixel) + c] = _albedo[(3 * pixel) + c] * scale;
                normal[(3 * pixel) + c] = _normal[(3 * pixel) + c] * scale;
            }

            if (n < DenoiseInput.MinSamplesForVariance)
            {
                variance[pixel] = -1f;
                continue;
            }

            // Sample variance of the luminance (n − 1 in the denominator), over n for the mean's variance.
            var mean = Luminance.Of(color[3 * pixel], color[(3 * pixel) + 1], color[(3 * pixel) + 2]);
            var sampleVariance = MathF.Max(0f, (_luminanceSquared[pixel] - (n * mean * mean)) / (n - 1));
            variance[pixel] = sampleVariance / n;
        }
    }
}
