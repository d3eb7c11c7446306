using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering.Denoising;

/// <summary>
/// A denoiser for progressive previews and stills guided by albedo, normal and luminance variance: an edge-avoiding
/// à-trous wavelet filter, the spatial part of SVGF (Schied et al., "Spatiotemporal Variance-Guided Filtering",
/// HPG 2017; after Dammertz et al., "Edge-Avoiding À-Trous Wavelet Transform", HPG 2010), for the direct light, and
/// joint non-local means (Rousselle et al. 2012, 2013) for the rest.
/// </summary>
/// <remarks>
/// <para>
/// Where the input splits it (<see cref="DenoiseInput.SplitsDirect"/>), the light that scattered at most once
/// and the rest are filtered apart and added (as SVGF does): the direct part has little noise and sharp
/// shadow edges, the rest much noise and few edges, and one luminance threshold cannot suit both.
/// Each is divided by the first-hit albedo (texture and material colour are not noise, so they are
/// taken out of what is blurred and multiplied back at the end); pixels whose mean rests on one bright
/// sample are clamped to their neighbourhood (<see cref="DenoiseSettings.FireflyFactor"/>). The direct light (or a
/// colour filtered whole) then goes through <see cref="DenoiseSettings.Iterations"/>
/// passes of a 5×5 B3-spline kernel whose taps are 1, 2, 4, 8, 16 … pixels apart; each tap is weighted by
/// how alike its normal, albedo and luminance are to the centre pixel's, the luminance measured in standard
/// deviations of the centre's noise (its variance, 3×3-blurred), the normal and
/// albedo relaxed where the mean normals are themselves noisy (<see cref="DenoiseSettings.MixedPixelLeniency"/>). Each pass also carries the variance
/// (weights squared), so later, wider passes stop at smaller luminance steps as the noise falls. The rest is averaged
/// over an 11×11 window, each neighbour weighted by how alike the 3×3 patches of luminance around the two pixels are,
/// in units of their noise, and by the same normal and albedo weight (AtrousDenoiser.Nlm.cs).
/// </para>
/// <para>
/// Deterministic: every output pixel is a function of the inputs alone, whatever the thread count.
/// Rows run in parallel. Buffers are allocated on the first call and on a size change, never per pixel.
/// One call at a time per instance.
/// </para>
/// </remarks>
public sealed partial class AtrousDenoiser
{
    /// <summary>Albedo below this (per channel) is raised to it before dividing: black and dark surfaces keep a finite ratio.</summary>
    private const float AlbedoFloor = 0.01f;

    /// <summary>Added to the luminance threshold so that a noise-free pixel still matches identical neighbours without dividing by zero.</summary>
    private const float LuminanceEpsilon = 1e-6f;

    /// <summary>Taps whose normal and albedo distance alone exceeds this (weight below e⁻¹⁶ ≈ 10⁻⁷) are skipped unread.</summary>
    private const float MaxDistance = 16f;

    private static readonly float[] B3 = [1f / 16f, 1f / 4f, 3f / 8f, 1f / 4f, 1f / 16f];
    private static readonly float[] Gauss3 = [0.25f, 0.5f, 0.25f];

    private float[] _color = [];
    private float[] _colorScratch = [];
    private float[] _variance = [];
    private float[] _varianceScratch = [];
    private float[] _luminance = [];
    private float[] _luminanceScratch = [];
    private float[] _rest = [];

    /// <summary>A denoiser with <paramref name="settings"/> (default: <see cref="DenoiseSettings.Default"/>).</summary>
    public AtrousDenoiser(DenoiseSettings? settings = null)
    {
        settings ??= DenoiseSettings.Default;
        settings.Validate();
        Settings = settings;
    }

    /// <summary>The thresholds and iterations.</summary>
    public DenoiseSettings Settings { get; }

    /// <summary>
    /// Writes the filtered image of <paramref name="input"/> into <paramref name="output"/> (which may be
    /// <see cref="DenoiseInput.Color"/> itself), on up to <paramref name="maxDegreeOfParallelism"/> threads (−1: every core).
    /// </summary>
    public void Denoise(DenoiseInput input, LinearImage output, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Width != input.Width || output.Height != input.Height)
        {
            throw new ArgumentException($"The output is {output.Width}x{output.Height}, the input {input.Width}x{input.Height}.", nameof(output));
        }

        var pixels = input.Width * input.Height;
        if (_variance.Length != pixels)
        {
            _color = new float[3 * pixels];
            _colorScratch = new float[3 * pixels];
            _variance = new float[pixels];
            _varianceScratch = new float[pixels];
            _luminance = new float[pixels];
            _luminanceScratch = new float[pixels];
            _rest = [];
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        if (!input.SplitsDirect)
        {
            Filter(input, input.Color.Pixels, input.Variance, output.Pixels, false, null, parallel);
            return;
        }

        // Direct and the rest apart (the rest first taken out of the colour, which the output may overwrite).
        if (_rest.Length != 3 * pixels)
        {
            _rest = new float[3 * pixels];
        }

        var color = input.Color.Pixels;
        var direct = input.Direct.Pixels;
        for (var i = 0; i < _rest.Length; i++)
        {
            _rest[i] = color[i] - direct[i];
        }

        Filter(input, direct, input.DirectVariance, output.Pixels, false, null, parallel);
        Filter(input, _rest, input.Variance, output.Pixels, true, Settings.IndirectNormalSharpness, parallel);
    }

    /// <summary>
    /// Filters one image (<paramref name="color"/>, its luminance variance <paramref name="known"/>) into
    /// <paramref name="output"/>, or adds it there: by the à-trous passes, or, given the normal sharpness
    /// <paramref name="nonLocal"/>, by non-local means (the light that scattered more than once).
    /// </summary>
    private void Filter(DenoiseInput input, float[] color, float[] known, float[] output, bool add, float? nonLocal, ParallelOptions parallel)
    {
        Demodulate(color, input.Albedo.Pixels);
        Parallel.For(0, input.Height, parallel, y => EstimateVarianceRow(input, known, y));
        if (Settings.FireflyFactor > 0f)
        {
            Parallel.For(0, input.Height, parallel, y => FireflyRow(input.Width, input.Height, y));
            ClampFireflies();
        }

        var albedo = input.Albedo.Pixels;
        if (nonLocal is { } normalSharpness)
        {
            NonLocalMeans(input, normalSharpness, parallel);
            Remodulate(albedo, output, add);
            return;
        }

        var normal = input.Normal.Pixels;
        for (var i = 0; i < Settings.Iterations; i++)
        {
            var step = 1 << i;
            var current = new Buffers(_color, _variance, _luminance);
            var next = new Buffers(_colorScratch, _varianceScratch, _luminanceScratch);
            Parallel.For(0, input.Height, parallel, y => FilterRow(y, step, input.Width, input.Height, current, albedo, normal, input.NormalVariance, next));
            (_color, _colorScratch) = (next.Color, current.Color);
            (_variance, _varianceScratch) = (next.Variance, current.Variance);
            (_luminance, _luminanceScratch) = (next.Luminance, current.Luminance);
        }

        Remodulate(albedo, output, add);
    }

    private void Demodulate(float[] color, float[] albedo)
    {
        for (var i = 0; i < color.Length; i++)
        {
            _color[i] = color[i] / MathF.Max(albedo[i], AlbedoFloor);
        }

        for (var p = 0; p < _luminance.Length; p++)
        {
            _luminance[p] = Luminance.Of(_color[3 * p], _color[(3 * p) + 1], _color[(3 * p) + 2]);
        }
    }

    private void Remodulate(float[] albedo, float[] output, bool add)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var value = _color[i] * MathF.Max(albedo[i], AlbedoFloor);
            output[i] = add ? output[i] + value : value;
        }
    }

    /// <summary>
    /// One row of one à-trous pass: 5×5 taps <paramref name="step"/> pixels apart, edge-stopped. A luminance
    /// step is measured in the centre's noise (SVGF): a highlight resting on few samples takes in its darker
    /// neighbours rather than spreading into them (spreading sub-pixel highlights raised the error; measuring in
    /// both pixels' noise measured 0.0153 against 0.0110 on <c>bench denoise</c>, 250k at 4 spp).
    /// </summary>
    private void FilterRow(int y, int step, int width, int height, in Buffers current, float[] albedo, float[] normal, float[] normalVariance, in Buffers next)
    {
        var (color, variance, luminance) = current;
        var (outColor, outVariance, outLuminance) = next;
        var normalSharpness = Settings.NormalSharpness;
        var luminanceSigma = Settings.LuminanceSigma;
        var albedoScale = 1f / (Settings.AlbedoSigma * Settings.AlbedoSigma);
        var mixedScale = Settings.MixedPixelLeniency * normalSharpness;
        for (var x = 0; x < width; x++)
        {
            var p = (y * width) + x;
            var p3 = 3 * p;
            var centre = luminance[p];
            var centreVariance = BlurredVariance(variance, x, y, width, height);
            var invSigma = 1f / ((luminanceSigma * MathF.Sqrt(centreVariance)) + LuminanceEpsilon);
            float sumR = 0f, sumG = 0f, sumB = 0f, sumWeight = 0f, sumVariance = 0f;
            for (var ky = 0; ky < 5; ky++)
            {
                var yq = y + ((ky - 2) * step);
                if ((uint)yq >= (uint)height)
                {
                    continue;
                }

                for (var kx = 0; kx < 5; kx++)
                {
                    var xq = x + ((kx - 2) * step);
                    if ((uint)xq >= (uint)width)
                    {
                        continue;
                    }

                    var q = (yq * width) + xq;
                    var q3 = 3 * q;
                    var distance = FeatureDistance(normal, albedo, normalVariance, p, q, normalSharpness, albedoScale, mixedScale);
                    if (distance > MaxDistance)
                    {
                        continue;
                    }

                    distance += MathF.Abs(luminance[q] - centre) * invSigma;
                    var weight = B3[ky] * B3[kx] * MathF.Exp(-distance);
                    sumR += weight * color[q3];
                    sumG += weight * color[q3 + 1];
                    sumB += weight * color[q3 + 2];
                    sumWeight += weight;
                    sumVariance += weight * weight * variance[q];
                }
            }

            // The centre tap always counts (weight 9/64), so sumWeight > 0.
            var inverse = 1f / sumWeight;
            outColor[p3] = sumR * inverse;
            outColor[p3 + 1] = sumG * inverse;
            outColor[p3 + 2] = sumB * inverse;
            outLuminance[p] = Luminance.Of(outColor[p3], outColor[p3 + 1], outColor[p3 + 2]);
            outVariance[p] = sumVariance * inverse * inverse;
        }
    }

    /// <summary>The 3×3 Gaussian of the variance around (x, y), renormalised at the border (SVGF's prefilter: one noisy estimate is not trusted alone).</summary>
    private static float BlurredVariance(float[] variance, int x, int y, int width, int height)
    {
        float sum = 0f, weights = 0f;
        for (var dy = -1; dy <= 1; dy++)
        {
            var yq = y + dy;
            if ((uint)yq >= (uint)height)
            {
                continue;
            }

            for (var dx = -1; dx <= 1; dx++)
            {
                var xq = x + dx;
                if ((uint)xq >= (uint)width)
                {
                    continue;
                }

                var w = Gauss3[dy + 1] * Gauss3[dx + 1];
                sum += w * variance[(yq * width) + xq];
                weights += w;
            }
        }

        return MathF.Max(0f, sum / weights);
    }

    /// <summary>
    /// How far apart pixels <paramref name="p"/> and <paramref name="q"/> are in normal and albedo: (s_n·|Δn|² + |Δa|²/σ_a²),
    /// divided by 1 + leniency·s_n·(v_p + v_q) where their mean normals are noisy (<see cref="DenoiseSettings.MixedPixelLeniency"/>;
    /// <paramref name="mixedScale"/> is leniency·s_n).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static float FeatureDistance(float[] normal, float[] albedo, float[] normalVariance, int p, int q, float normalSharpness, float albedoScale, float mixedScale) =>
        ((normalSharpness * Squared(normal, 3 * p, 3 * q)) + (albedoScale * Squared(albedo, 3 * p, 3 * q)))
        / (1f + (mixedScale * (normalVariance[p] + normalVariance[q])));

    /// <summary>Squared distance between the RGB/XYZ triples at <paramref name="p3"/> and <paramref name="q3"/>.</summary>
    private static float Squared(float[] values, int p3, int q3)
    {
        var d0 = values[p3] - values[q3];
        var d1 = values[p3 + 1] - values[q3 + 1];
        var d2 = values[p3 + 2] - values[q3 + 2];
        return (d0 * d0) + (d1 * d1) + (d2 * d2);
    }

    /// <summary>One pass's demodulated colour, variance and luminance (read) or their filtered values (written).</summary>
    private readonly record struct Buffers(float[] Color, float[] Variance, float[] Luminance);
}
