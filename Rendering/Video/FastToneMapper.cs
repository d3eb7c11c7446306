using System.Numerics;
using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// <see cref="ToneMapper.ToSrgb8(LinearImage, ToneMapping, float, Span{byte})"/> for video frames, with the
/// sRGB OETF read from a table instead of a <c>pow</c> per channel: the display transform was most of
/// the per-frame cost before ffmpeg. The table has 16,384 steps over [0, 1]; where the curve is
/// steepest (its linear toe, slope 12.92) one step moves the 8-bit output by 0.2 codes, so a value
/// differs from the exact mapping by at most one code.
/// </summary>
public static class FastToneMapper
{
    private const int Steps = 16384;
    private static readonly byte[] Table = Build();

    /// <summary>Writes R, G, B bytes per pixel of <paramref name="image"/> into <paramref name="rgb"/>.</summary>
    public static void ToSrgb8(LinearImage image, ToneMapping mapping, float exposureStops, Span<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = image.Pixels;
        if (rgb.Length < pixels.Length)
        {
            throw new ArgumentException($"Needs {pixels.Length} bytes, got {rgb.Length}.", nameof(rgb));
        }

        var exposure = MathF.Pow(2f, exposureStops);
        var table = Table;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            var c = new Vector3(pixels[i], pixels[i + 1], pixels[i + 2]) * exposure;
            c = mapping == ToneMapping.Standard ? Vector3.Clamp(c, Vector3.Zero, Vector3.One) : ToneMapper.Map(c, mapping);
            var scaled = (c * (Steps - 1)) + new Vector3(0.5f);
            rgb[i] = table[(int)scaled.X];
            rgb[i + 1] = table[(int)scaled.Y];
            rgb[i + 2] = table[(int)scaled.Z];
        }
    }

    private static byte[] Build()
    {
        var table = new byte[Steps];
        for (var i = 0; i < Steps; i++)
        {
            table[i] = (byte)Math.Clamp((int)((ToneMapper.Oetf(i / (float)(Steps - 1)) * 255f) + 0.5f), 0, 255);
        }

        return table;
    }
}
