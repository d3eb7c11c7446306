using System.Buffers;

namespace OrleansBridge.Rendering.Denoising;

/// <summary>
/// The light that scattered more than once: joint non-local means (Rousselle, Knaus and Zwicker, "Adaptive rendering
/// with non-local means filtering", SIGGRAPH Asia 2012; with feature weights after Rousselle, Manzi and Zwicker 2013,
/// multiplied with the colour weight rather than taking the smaller).
/// A neighbour's weight compares the demodulated luminance of the two pixels' small patches, each squared difference
/// less the part the pixels' noise explains and measured in that noise, so that a whole patch, not one noisy value,
/// decides whether two pixels see the same light; then the same normal and albedo weight as the à-trous passes.
/// </summary>
public sealed partial class AtrousDenoiser
{
    /// <summary>Rows per band: each band of rows is one parallel work item; every offset recomputes 2·patch rows more than it keeps.</summary>
    private const int BandRows = 16;

    /// <summary>Added to k² times the summed variance (squared luminance units): two noise-free pixels compare by their squared step, without dividing by zero.</summary>
    private const float VarianceEpsilon = 1e-6f;

    /// <summary>
    /// Filters the demodulated colour in <see cref="_color"/> (luminance in <see cref="_luminance"/>, variance in
    /// <see cref="_variance"/>). For each offset o in the search window and each pixel p, with q = p + o inside the image:
    /// d = mean over the patch offsets i of [(l(p+i) − l(q+i))² − (v(p+i) + min(v(p+i), v(q+i)))] / (k²·(v(p+i) + v(q+i)) + ε),
    /// and w = exp(−(max(0, d) + feature distance)); patch pixels past the image's border are clamped to it, then shifted by o
    /// (and clamped again). Every pixel's sum runs over the offsets in one fixed order, so the result does not depend on the
    /// thread count. The sums go into <see cref="_colorScratch"/> and <see cref="_varianceScratch"/> (free while this runs),
    /// and the filtered colour then becomes <see cref="_color"/>; each worker's scratch rows come from the shared array pool.
    /// </summary>
    private void NonLocalMeans(DenoiseInput input, float normalSharpness, ParallelOptions parallel)
    {
        var width = input.Width;
        var bands = (input.Height + BandRows - 1) / BandRows;
        var scratchLength = 2 * (BandRows + (2 * Settings.IndirectPatchRadius)) * width;
        Parallel.For(
            0,
            bands,
            parallel,
            () => ArrayPool<float>.Shared.Rent(scratchLength),
            (band, _, scratch) =>
            {
                NonLocalMeansBand(input, band, normalSharpness, scratch);
                return scratch;
            },
            scratch => ArrayPool<float>.Shared.Return(scratch));
        (_color, _colorScratch) = (_colorScratch, _color);
    }

    /// <summary>
    /// The rows [band·16, band·16 + 16) of <see cref="NonLocalMeans"/>: per offset, the per-pixel distances of the band's rows
    /// and the patch's rows above and below, summed across the patch horizontally and then vertically; then the band's
    /// rows normalised. Writes only the band's rows of <see cref="_colorScratch"/> and <see cref="_varianceScratch"/>.
    /// </summary>
    private void NonLocalMeansBand(DenoiseInput input, int band, float normalSharpness, float[] scratchArray)
    {
        var width = input.Width;
        var height = input.Height;
        var radius = Settings.IndirectSearchRadius;
        var patch = Settings.IndirectPatchRadius;
        var k2 = Settings.IndirectPatchSigma * Settings.IndirectPatchSigma;
        var inversePatchArea = 1f / (((2 * patch) + 1) * ((2 * patch) + 1));
        var albedoScale = 1f / (Settings.AlbedoSigma * Settings.AlbedoSigma);
        var mixedScale = Settings.MixedPixelLeniency * normalSharpness;
        var albedo = input.Albedo.Pixels;
        var normal = input.Normal.Pixels;
        var normalVariance = input.NormalVariance;
        var first = band * BandRows;
        var last = Math.Min(height, first + BandRows);
        var rows = last - first + (2 * patch);
        var scratch = scratchArray.AsSpan();
        var sum = _colorScratch;
        var weights = _varianceScratch;
        var distance = scratch[..(rows * width)];
        var across = scratch.Slice(rows * width, rows * width);
        sum.AsSpan(3 * first * width, 3 * (last - first) * width).Clear();
        weights.AsSpan(first * width, (last - first) * width).Clear();
        for (var dy = -radius; dy <= radius; dy++)
        {
            for (var dx = -radius; dx <= radius; dx++)
            {
                // Distances of rows first − patch … last + patch − 1 (clamped to the image) to the same rows shifted by the
                // offset, then summed across the patch.
                for (var r = 0; r < rows; r++)
                {
                    var y = Math.Clamp(first - patch + r, 0, height - 1);
                    var yq = Math.Clamp(y + dy, 0, height - 1);
                    var row = distance.Slice(r * width, width);
                    PixelDistances(y * width, yq * width, width, dx, k2, row);
                    PatchSums(row, patch, across.Slice(r * width, width));
                }

                for (var y = first; y < last; y++)
                {
                    var yq = y + dy;
                    if ((uint)yq >= (uint)height)
                    {
                        continue;
                    }

                    var r0 = y - first;
                    for (var x = Math.Max(0, -dx); x < Math.Min(width, width - dx); x++)
                    {
                        var p = (y * width) + x;
                        var q = p + (dy * width) + dx;
                        var p3 = 3 * p;
                        var q3 = 3 * q;
                        var features = FeatureDistance(normal, albedo, normalVariance, p, q, normalSharpness, albedoScale, mixedScale);
                        if (features > MaxDistance)
                        {
                            continue;
                        }

                        var s = 0f;
                        for (var j = 0; j <= 2 * patch; j++)
                        {
                            s += across[((r0 + j) * width) + x];
                        }

                        var weight = MathF.Exp(-(MathF.Max(0f, s * inversePatchArea) + features));
                        sum[p3] += weight * _color[q3];
                        sum[p3 + 1] += weight * _color[q3 + 1];
                        sum[p3 + 2] += weight * _color[q3 + 2];
                        weights[p] += weight;
                    }
                }
            }
        }

        for (var p = first * width; p < last * width; p++)
        {
            // The centre (o = 0) always counts with weight 1, so the sum of weights is ≥ 1.
            var inverse = 1f / weights[p];
            sum[3 * p] *= inverse;
            sum[(3 * p) + 1] *= inverse;
            sum[(3 * p) + 2] *= inverse;
        }
    }

    /// <summary>
    /// The variance-cancelled luminance distance of each pixel of the row starting at <paramref name="row"/> to the pixel
    /// <paramref name="dx"/> along the row starting at <paramref name="rowQ"/> (clamped at the image's sides), into <paramref name="output"/>.
    /// </summary>
    private void PixelDistances(int row, int rowQ, int width, int dx, float k2, Span<float> output)
    {
        var start = Math.Clamp(-dx, 0, width);
        var end = Math.Clamp(width - dx, start, width);
        for (var x = 0; x < start; x++)
        {
            output[x] = PixelDistance(row + x, rowQ, k2);
        }

        for (var x = start; x < end; x++)
        {
            output[x] = PixelDistance(row + x, rowQ + x + dx, k2);
        }

        for (var x = end; x < width; x++)
        {
            output[x] = PixelDistance(row + x, rowQ + width - 1, k2);
        }
    }

    /// <summary>[(l_p − l_q)² − (v_p + min(v_p, v_q))] / (k²·(v_p + v_q) + ε): the luminance step less what the noise explains, in that noise.</summary>
    private float PixelDistance(int p, int q, float k2)
    {
        var vp = _variance[p];
        var vq = _variance[q];
        var d = _luminance[p] - _luminance[q];
        return ((d * d) - (vp + MathF.Min(vp, vq))) / ((k2 * (vp + vq)) + VarianceEpsilon);
    }

    /// <summary>Each value of <paramref name="row"/> summed with its <paramref name="patch"/> neighbours either side (clamped at the ends), into <paramref name="output"/>.</summary>
    private static void PatchSums(ReadOnlySpan<float> row, int patch, Span<float> output)
    {
        var width = row.Length;
        for (var x = 0; x < width; x++)
        {
            var s = 0f;
            if (x >= patch && x < width - patch)
            {
                for (var i = x - patch; i <= x + patch; i++)
                {
                    s += row[i];
                }
            }
            else
            {
                for (var i = -patch; i <= patch; i++)
                {
                    s += row[Math.Clamp(x + i, 0, width - 1)];
                }
            }

            output[x] = s;
        }
    }
}
