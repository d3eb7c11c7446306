using System.Numerics;
using OrleansBridge.Rendering.Denoising;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Per-pixel running sums of radiance samples and their counts: the progressive film. Each sample is
/// added to its pixel's sum directly and in sample order, so the sum after n samples is bit-identical
/// however the samples were split into passes, tiles and threads. Non-finite samples are dropped
/// (counted in <see cref="RejectedSamples"/>) rather than poisoning the pixel. Each sample's squared
/// luminance is summed too, for the pixel's variance (<see cref="LuminanceStatistics"/>, adaptive sampling). With
/// <see cref="HasFeatures"/>, it also sums each sample's first-hit albedo and normal, its direct part
/// (<see cref="SampleFeatures.Direct"/>), the squared luminance of the direct part and of the rest (for
/// their per-pixel variances) and the normal's squared length, the denoiser's inputs: twelve more floats
/// per pixel, allocated here once, and a few additions per sample.
/// </summary>
public sealed class AccumulationBuffer
{
    private readonly float[] _sum;
    private readonly int[] _count;

    // Squared luminance of each finite sample (per-sample variance, for adaptive sampling).
    private readonly double[] _squared;
    private readonly float[] _albedo;
    private readonly float[] _normal;
    private readonly float[] _direct;
    private readonly float[] _directSquared;

    // Squared luminance of each sample less its direct part.
    private readonly float[] _luminanceSquared;

    // Squared length of each sample's normal: 1 for a hit, 0 for an escaped ray (the hits, for the normal's variance).
    private readonly float[] _normalSquared;
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
        _squared = new double[width * height];
        _albedo = features ? new float[width * height * 3] : [];
        _normal = features ? new float[width * height * 3] : [];
        _luminanceSquared = features ? new float[width * height] : [];
        _normalSquared = features ? new float[width * height] : [];
        _direct = features ? new float[width * height * 3] : [];
        _directSquared = features ? new float[width * height] : [];
    }

    /// <summary>Floats per pixel of the feature sums <see cref="Load"/> takes.</summary>
    internal const int FeatureStride = 12;

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

    /// <summary>Samples the pixel at row-major index <paramref name="pixel"/> has.</summary>
    public int SamplesAt(int pixel) => _count[pixel];

    /// <summary>Total samples over all pixels.</summary>
    public long TotalSamples
    {
        get
        {
            var total = 0L;
            foreach (var count in _count)
            {
                total += count;
            }

            return total;
        }
    }

    /// <summary>
    /// The luminance of pixel <paramref name="pixel"/>'s mean and the sample variance (n − 1) of its samples'
    /// luminance; 0 variance below two samples.
    /// </summary>
    public (float Mean, float Variance) LuminanceStatistics(int pixel)
    {
        var n = _count[pixel];
        if (n == 0)
        {
            return (0f, 0f);
        }

        var mean = Luminance.Of(_sum[3 * pixel], _sum[(3 * pixel) + 1], _sum[(3 * pixel) + 2]) / n;
        return n < 2 ? (mean, 0f) : (mean, (float)Math.Max(0.0, (_squared[pixel] - ((double)n * mean * mean)) / (n - 1)));
    }

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
            _normalSquared[pixel] += features.Normal.LengthSquared();
        }

        if (!float.IsFinite(radiance.X) || !float.IsFinite(radiance.Y) || !float.IsFinite(radiance.Z))
        {
            Interlocked.Increment(ref _rejected);
            return;
        }

        _sum[3 * pixel] += radiance.X;
        _sum[(3 * pixel) + 1] += radiance.Y;
        _sum[(3 * pixel) + 2] += radiance.Z;
        var luminance = Luminance.Of(radiance);
        _squared[pixel] += (double)luminance * luminance;
        if (HasFeatures)
        {
            var direct = Luminance.Of(features.Direct);
            var rest = luminance - direct;
            _luminanceSquared[pixel] += rest * rest;
            _directSquared[pixel] += direct * direct;
            _direct[3 * pixel] += features.Direct.X;
            _direct[(3 * pixel) + 1] += features.Direct.Y;
            _direct[(3 * pixel) + 2] += features.Direct.Z;
        }
    }

    /// <summary>
    /// Replaces the film by running sums kept elsewhere (a device): per pixel the sum of its finite
    /// samples (RGB, row-major), every pixel holding <paramref name="samples"/> samples, of which
    /// <paramref name="rejected"/> in all were not finite; for a film with features, per pixel the sums of
    /// first-hit albedo (3), normal (3), luminance² less the direct part (1), the direct part (3), its
    /// luminance² (1) and the normal's squared length (1) in <paramref name="features"/> (<see cref="FeatureStride"/> floats).
    /// </summary>
    internal void Load(ReadOnlySpan<float> sums, int samples, long rejected, ReadOnlySpan<float> features = default)
    {
        if (HasFeatures != (features.Length > 0) || (HasFeatures && features.Length != FeatureStride * _count.Length))
        {
            throw new ArgumentException($"The film {(HasFeatures ? "keeps" : "keeps no")} features; {features.Length / FeatureStride} pixels of features came.", nameof(features));
        }

        if (sums.Length != _sum.Length)
        {
            throw new ArgumentException($"The sums hold {sums.Length / 3} pixels, the film {_count.Length}.", nameof(sums));
        }

        sums.CopyTo(_sum);
        Array.Fill(_count, samples);
        Array.Clear(_squared);
        for (var pixel = 0; pixel < _luminanceSquared.Length; pixel++)
        {
            var f = FeatureStride * pixel;
            features.Slice(f, 3).CopyTo(_albedo.AsSpan(3 * pixel, 3));
            features.Slice(f + 3, 3).CopyTo(_normal.AsSpan(3 * pixel, 3));
            _luminanceSquared[pixel] = features[f + 6];
            features.Slice(f + 7, 3).CopyTo(_direct.AsSpan(3 * pixel, 3));
            _directSquared[pixel] = features[f + 10];
            _normalSquared[pixel] = features[f + 11];
        }

        Interlocked.Exchange(ref _rejected, rejected);
    }

    /// <summary>Forgets every sample (the scene or camera changed).</summary>
    public void Clear()
    {
        Array.Clear(_sum);
        Array.Clear(_count);
        Array.Clear(_squared);
        Array.Clear(_albedo);
        Array.Clear(_normal);
        Array.Clear(_luminanceSquared);
        Array.Clear(_normalSquared);
        Array.Clear(_direct);
        Array.Clear(_directSquared);
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
    /// Writes the per-pixel means of colour, albedo, normal and direct part into <paramref name="input"/>, and
    /// the luminance variance (sample variance / n) of each pixel mean's direct part and of the rest where the
    /// pixel has at least <see cref="DenoiseInput.MinSamplesForVariance"/> samples; −1 (unknown) elsewhere.
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
        var direct = input.Direct.Pixels;
        var variance = input.Variance;
        var directVariance = input.DirectVariance;
        input.SplitsDirect = true;
        for (var pixel = 0; pixel < _count.Length; pixel++)
        {
            var n = _count[pixel];
            var scale = n > 0 ? 1f / n : 0f;
            for (var c = 0; c < 3; c++)
            {
                albedo[(3 * pixel) + c] = _albedo[(3 * pixel) + c] * scale;
                normal[(3 * pixel) + c] = _normal[(3 * pixel) + c] * scale;
                direct[(3 * pixel) + c] = _direct[(3 * pixel) + c] * scale;
            }

            // The normals' variance summed over the components, Σ|n|²/n − |n̄|² (1 − |n̄|² when every sample hit), over n for their mean.
            var meanLength = new Vector3(normal[3 * pixel], normal[(3 * pixel) + 1], normal[(3 * pixel) + 2]).LengthSquared();
            input.NormalVariance[pixel] = MathF.Max(0f, (_normalSquared[pixel] * scale) - meanLength) * scale;

            if (n < DenoiseInput.MinSamplesForVariance)
            {
                variance[pixel] = -1f;
                directVariance[pixel] = -1f;
                continue;
            }

            var directMean = Luminance.Of(direct[3 * pixel], direct[(3 * pixel) + 1], direct[(3 * pixel) + 2]);
            var restMean = Luminance.Of(color[3 * pixel], color[(3 * pixel) + 1], color[(3 * pixel) + 2]) - directMean;
            variance[pixel] = MeanVariance(_luminanceSquared[pixel], restMean, n);
            directVariance[pixel] = MeanVariance(_directSquared[pixel], directMean, n);
        }
    }

    /// <summary>The variance of a mean of <paramref name="n"/> samples: their sample variance (n − 1 in the denominator) over n.</summary>
    private static float MeanVariance(float sumOfSquares, float mean, int n) => MathF.Max(0f, (sumOfSquares - (n * mean * mean)) / (n - 1)) / n;
}
