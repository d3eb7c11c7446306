namespace OrleansBridge.Rendering.Denoising;

/// <summary>
/// The edge-stopping thresholds, outlier clamp and iterations of <see cref="AtrousDenoiser"/>. For the
/// direct light (and a colour filtered whole), a neighbour's weight is
/// the B3-spline tap × exp(−(NormalSharpness·|Δn|² + |Δa|²/AlbedoSigma² + |Δl|/(LuminanceSigma·σ_l))),
/// Δ between the pixel's and the neighbour's normal n, albedo a and demodulated luminance l, σ_l the
/// standard deviation of the pixel's luminance (Schied et al. 2017, SVGF; their σ_l is 4, tuned for
/// temporally accumulated frames: 2 measured lower error at 1, 4 and 16 spp in <c>bench denoise</c>).
/// The light that scattered more than once goes through non-local means instead: its own normal sharpness, search and
/// patch radii and k (the Indirect… settings).
/// </summary>
public sealed record DenoiseSettings
{
    /// <summary>The defaults: 2 à-trous iterations for the direct light (steps 1, 2: a 13-pixel footprint), non-local means for the rest.</summary>
    public static DenoiseSettings Default { get; } = new();

    /// <summary>
    /// À-trous iterations of the direct light (or of a colour filtered whole); iteration i spaces its 5×5 taps 2^i pixels apart.
    /// 2: with non-local means for the rest, it measured 1–7% lower relMSE than 3 in <c>bench denoise</c> at 4 spp on
    /// <c>250k</c>, <c>1m</c>, <c>cornell</c> and <c>250k</c> at 640×360, 1.6% higher on <c>materials</c> (1: lower still on
    /// <c>cornell</c> and at 640×360, 3–4% higher on the other two). Before, with both parts in à-trous passes, 3 measured 1.5%
    /// lower than 5 at 4 and 16 spp (1.6% higher at 1 spp).
    /// </summary>
    public int Iterations { get; init; } = 2;

    /// <summary>Weight of the squared normal difference: 64 ≈ SVGF's max(0, n·n′)^128 (10° → 0.14).</summary>
    public float NormalSharpness { get; init; } = 64f;

    /// <summary>Albedo difference (per channel, linear) at which a neighbour's weight falls to 1/e.</summary>
    public float AlbedoSigma { get; init; } = 0.1f;

    /// <summary>Luminance differences are measured in this many standard deviations of the pixel's noise.</summary>
    public float LuminanceSigma { get; init; } = 2f;

    /// <summary>
    /// <see cref="NormalSharpness"/> for the light that scattered more than once (<see cref="DenoiseInput.SplitsDirect"/>):
    /// it depends little on the normal where it arrives, and the terrain's fine bumps stopped the filter at 64.
    /// 16 (normals 15° apart weigh 0.34): with non-local means, whose patches already stop at the light's edges, it measured
    /// 0.3–2% lower relMSE than 4 on the four scenes of <c>bench denoise</c> at 4 spp, and lower than 32 or 64 (with the
    /// à-trous passes that the rest had before, 4 measured 0.0099 on 250k and 16 for both parts 0.0108).
    /// </summary>
    public float IndirectNormalSharpness { get; init; } = 16f;

    /// <summary>
    /// Half-width of the non-local means search window for the light that scattered more than once: 5, an 11×11
    /// window (7 measured within 1% on the terrain in <c>bench denoise</c>, 6% higher on <c>cornell</c>, 10% lower on
    /// <c>materials</c>; the time grows with the window's area).
    /// </summary>
    public int IndirectSearchRadius { get; init; } = 5;

    /// <summary>
    /// Half-width of the patches non-local means compares: 1, 3×3 patches (0, single pixels, measured 13% higher relMSE
    /// on <c>250k</c> at 4 spp in <c>bench denoise</c> and 85% on <c>cornell</c>; 2 within 3% either way on the bench scenes,
    /// with 5/3 of the patch sums' work).
    /// </summary>
    public int IndirectPatchRadius { get; init; } = 1;

    /// <summary>
    /// Non-local means' k: a patch's mean squared luminance difference, less the part the two pixels' noise explains,
    /// is measured in k² times their summed variance. 1 measured lower error than Rousselle et al.'s 0.45 (250k at 4 spp:
    /// 0.0082 against 0.0088) and than 1.5 or 2 in <c>bench denoise</c>.
    /// </summary>
    public float IndirectPatchSigma { get; init; } = 1f;

    /// <summary>
    /// Outliers (see <see cref="FireflyDeviation"/>) are clamped to this many times the second brightest of
    /// their eight neighbours' demodulated luminance before filtering; 0 turns the clamp off. 4 measured an
    /// error within 2% of 2's in <c>bench denoise</c> (8: 5% more) and keeps more of real sub-pixel highlights.
    /// </summary>
    public float FireflyFactor { get; init; } = 4f;

    /// <summary>
    /// A pixel is an outlier when the standard deviation of its mean luminance is at least this fraction of
    /// the mean: 1 for one bright sample among dark ones at any sample count, about 0.7 for two, so 0.75
    /// takes pixels that rest on a single sample.
    /// </summary>
    public float FireflyDeviation { get; init; } = 0.75f;

    /// <summary>
    /// Measures normal and albedo steps against the noise of the mean normals, as feature-variance-normalised filters do
    /// (Rousselle et al. 2013; Bitterli et al. 2016, NFOR). A pixel whose few samples landed on surfaces facing apart
    /// (sub-pixel bumps, a silhouette) has a mean normal, and albedo, that is itself noisy, and fixed thresholds then
    /// reject neighbours of the same surface for that noise alone: on the terrain scenes nearly every pixel. Each tap's
    /// normal and albedo distance is divided by 1 + MixedPixelLeniency · s_n · (v_p + v_q), v the variance of each
    /// pixel's mean normal (<see cref="DenoiseInput.NormalVariance"/>, whose sum is the variance of their difference) and
    /// s_n the part's normal sharpness. Where the normals are clean (v ≈ 0) the thresholds stay; where they are noisy the
    /// distance tends to |Δn|² / (MixedPixelLeniency · (v_p + v_q)), the step in units of its own noise. 8, with
    /// the indirect light's luminance σ 4 (with the à-trous passes it had then), measured 2–19% lower relMSE at 4 spp than the previous
    /// defaults in <c>bench denoise</c> on all four bench scenes (16 was lower on three but darker, 2 and 4 higher); 0 turns it off.
    /// </summary>
    public float MixedPixelLeniency { get; init; } = 8f;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values the filter cannot use.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Iterations, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(IndirectSearchRadius, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(IndirectSearchRadius, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(IndirectPatchRadius, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(IndirectPatchRadius, 4);
        if (!(NormalSharpness >= 0f) || !(IndirectNormalSharpness >= 0f) || !(AlbedoSigma > 0f) || !(LuminanceSigma > 0f) || !(IndirectPatchSigma > 0f)
            || !(FireflyFactor >= 0f) || !(FireflyDeviation > 0f) || !(MixedPixelLeniency >= 0f))
        {
            throw new ArgumentOutOfRangeException(
                nameof(DenoiseSettings), "NormalSharpness, IndirectNormalSharpness, FireflyFactor and MixedPixelLeniency must be ≥ 0; AlbedoSigma, LuminanceSigma, IndirectPatchSigma and FireflyDeviation > 0.");
        }
    }
}
