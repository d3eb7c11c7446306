namespace OrleansBridge.Rendering.Denoising;

/// <summary>The starting variance of the demodulated luminance: the pixel's own where known, else its neighbourhood's.</summary>
public sealed partial class AtrousDenoiser
{
    /// <summary>Radius of the window that estimates the variance of pixels with too few samples (7×7, as SVGF).</summary>
    private const int VarianceRadius = 3;

    private void EstimateVarianceRow(DenoiseInput input, float[] known, int y)
    {
        var width = input.Width;
        var height = input.Height;
        var albedo = input.Albedo.Pixels;
        var normal = input.Normal.Pixels;
        var normalSharpness = Settings.NormalSharpness;
        var albedoScale = 1f / (Settings.AlbedoSigma * Settings.AlbedoSigma);
        for (var x = 0; x < width; x++)
        {
            var p = (y * width) + x;
            var p3 = 3 * p;
            if (known[p] >= 0f)
            {
                // The colour's luminance variance, carried through the division by the albedo.
                var albedoLuminance = Luminance.Of(MathF.Max(albedo[p3], AlbedoFloor), MathF.Max(albedo[p3 + 1], AlbedoFloor), MathF.Max(albedo[p3 + 2], AlbedoFloor));
                _variance[p] = known[p] / (albedoLuminance * albedoLuminance);
                continue;
            }

            // Too few samples: the spread of the neighbours' means that share this pixel's surface
            // (weighted by normal and albedo alike) estimates the spread of this one's.
            float sumWeight = 0f, first = 0f, second = 0f;
            for (var yq = Math.Max(0, y - VarianceRadius); yq <= Math.Min(height - 1, y + VarianceRadius); yq++)
            {
                for (var xq = Math.Max(0, x - VarianceRadius); xq <= Math.Min(width - 1, x + VarianceRadius); xq++)
                {
                    var q3 = 3 * ((yq * width) + xq);
                    var weight = MathF.Exp(-((normalSharpness * Squared(normal, p3, q3)) + (albedoScale * Squared(albedo, p3, q3))));
                    var luminance = _luminance[q3 / 3];
                    sumWeight += weight;
                    first += weight * luminance;
                    second += weight * luminance * luminance;
                }
            }

            first /= sumWeight;
            _variance[p] = MathF.Max(0f, (second / sumWeight) - (first * first));
        }
    }
}
