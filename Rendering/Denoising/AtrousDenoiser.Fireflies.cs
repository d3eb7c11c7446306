namespace OrleansBridge.Rendering.Denoising;

/// <summary>
/// The outlier clamp before the passes: a pixel whose mean rests on one bright sample is limited by its
/// neighbours, as real-time denoisers' anti-firefly steps do. The edge-stopping filter cannot remove such
/// a pixel where its features match no neighbour (a highlight on a sphere a few pixels wide): the pixel
/// keeps its own value, and relative error is quadratic in it.
/// </summary>
public sealed partial class AtrousDenoiser
{
    /// <summary>
    /// Writes per pixel of row <paramref name="y"/> the factor (≤ 1) its demodulated colour is to be scaled
    /// by into <see cref="_luminanceScratch"/>. A pixel is an outlier when the standard deviation of its mean
    /// is at least <see cref="DenoiseSettings.FireflyDeviation"/> times the mean: one bright sample among n dark
    /// ones gives 1 whatever n, two give about 0.7, and a pixel whose samples agree falls as 1/√n, so a converging
    /// pixel leaves the clamp. The bound is <see cref="DenoiseSettings.FireflyFactor"/> times the second brightest
    /// of its eight neighbours (the brightest may be part of the same outlier: a spike often lands in two pixels).
    /// </summary>
    private void FireflyRow(int width, int height, int y)
    {
        var deviation = Settings.FireflyDeviation;
        var factor = Settings.FireflyFactor;
        for (var x = 0; x < width; x++)
        {
            var p = (y * width) + x;
            var centre = _luminance[p];
            _luminanceScratch[p] = 1f;
            if (!(centre > 0f) || _variance[p] < deviation * deviation * centre * centre)
            {
                continue;
            }

            float first = 0f, second = 0f;
            for (var yq = Math.Max(0, y - 1); yq <= Math.Min(height - 1, y + 1); yq++)
            {
                for (var xq = Math.Max(0, x - 1); xq <= Math.Min(width - 1, x + 1); xq++)
                {
                    var q = (yq * width) + xq;
                    var luminance = _luminance[q];
                    if (q == p || luminance <= second)
                    {
                        continue;
                    }

                    (first, second) = luminance > first ? (luminance, first) : (first, luminance);
                }
            }

            var bound = factor * second;
            if (centre > bound)
            {
                _luminanceScratch[p] = bound / centre;
            }
        }
    }

    /// <summary>Scales each outlier's demodulated colour, luminance and variance by its factor from <see cref="FireflyRow"/>.</summary>
    private void ClampFireflies()
    {
        for (var p = 0; p < _luminance.Length; p++)
        {
            var f = _luminanceScratch[p];
            if (f < 1f)
            {
                _color[3 * p] *= f;
                _color[(3 * p) + 1] *= f;
                _color[(3 * p) + 2] *= f;
                _luminance[p] *= f;
                _variance[p] *= f * f;
            }
        }
    }
}
