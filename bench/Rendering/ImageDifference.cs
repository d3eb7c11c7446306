using OrleansBridge.Rendering.Images;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// How far two tone-mapped 8-bit sRGB images are apart: RMSE over RGB in [0, 1] per pixel and after
/// averaging 8 × 8 blocks (which removes most Monte Carlo noise and leaves the bias), and the relative
/// difference of their mean linear luminance (Rec. 709 weights on sRGB-decoded values).
/// </summary>
internal readonly record struct ImageDifference(double Rmse, double BlockRmse, double MeanLuminanceA, double MeanLuminanceB)
{
    private const int Block = 8;

    /// <summary>(mean A − mean B) / mean B.</summary>
    public double RelativeLuminance => MeanLuminanceB > 0 ? (MeanLuminanceA - MeanLuminanceB) / MeanLuminanceB : double.NaN;

    public static ImageDifference Of(DecodedImage a, DecodedImage b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Images of {a.Width}x{a.Height} and {b.Width}x{b.Height} cannot be compared.");
        }

        double squared = 0, lumA = 0, lumB = 0, blockSquared = 0;
        var blocks = 0;
        Span<double> sumA = stackalloc double[3];
        Span<double> sumB = stackalloc double[3];
        for (var by = 0; by + Block <= a.Height; by += Block)
        {
            for (var bx = 0; bx + Block <= a.Width; bx += Block)
            {
                sumA.Clear();
                sumB.Clear();
                for (var y = by; y < by + Block; y++)
                {
                    for (var x = bx; x < bx + Block; x++)
                    {
                        var i = ((y * a.Width) + x) * 4;
                        for (var c = 0; c < 3; c++)
                        {
                            sumA[c] += a.Rgba[i + c] / 255.0;
                            sumB[c] += b.Rgba[i + c] / 255.0;
                        }
                    }
                }

                for (var c = 0; c < 3; c++)
                {
                    var d = (sumA[c] - sumB[c]) / (Block * Block);
                    blockSquared += d * d;
                }

                blocks++;
            }
        }

        for (var p = 0; p < a.Width * a.Height; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var d = (a.Rgba[(p * 4) + c] - b.Rgba[(p * 4) + c]) / 255.0;
                squared += d * d;
            }

            lumA += Luminance(a.Rgba, p * 4);
            lumB += Luminance(b.Rgba, p * 4);
        }

        var pixels = (double)a.Width * a.Height;
        return new ImageDifference(Math.Sqrt(squared / (pixels * 3)), Math.Sqrt(blockSquared / Math.Max(1, blocks * 3)), lumA / pixels, lumB / pixels);
    }

    private static double Luminance(byte[] rgba, int i) =>
        (0.2126 * Linear(rgba[i])) + (0.7152 * Linear(rgba[i + 1])) + (0.0722 * Linear(rgba[i + 2]));

    /// <summary>The sRGB EOTF (IEC 61966-2-1).</summary>
    private static double Linear(byte value)
    {
        var v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }
}
