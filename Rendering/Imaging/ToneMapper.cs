using System.Numerics;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// Linear radiance to 8-bit sRGB display values: exposure (2^stops), the chosen curve, clamp to
/// [0, 1], the sRGB OETF (IEC 61966-2-1), round to nearest.
/// </summary>
public static class ToneMapper
{
    // Stephen Hill's fit of the ACES RRT + ODT (sRGB primaries in and out), as in
    // BakingLab's ACES.hlsl: input matrix (sRGB → RRT_SAT ∘ AP1), rational curve, output matrix.
    private static readonly Matrix4x4 AcesInput = new(
        0.59719f, 0.07600f, 0.02840f, 0f,
        0.35458f, 0.90834f, 0.13383f, 0f,
        0.04823f, 0.01566f, 0.83777f, 0f,
        0f, 0f, 0f, 1f);

    private static readonly Matrix4x4 AcesOutput = new(
        1.60475f, -0.10208f, -0.00327f, 0f,
        -0.53108f, 1.10813f, -0.07276f, 0f,
        -0.07367f, -0.00605f, 1.07602f, 0f,
        0f, 0f, 0f, 1f);

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
        for (var i = 0; i < pixels.Length; i += 3)
        {
            var c = Map(new Vector3(pixels[i], pixels[i + 1], pixels[i + 2]) * exposure, mapping);
            rgb[i] = Encode(c.X);
            rgb[i + 1] = Encode(c.Y);
            rgb[i + 2] = Encode(c.Z);
        }
    }

    /// <summary>The tone-mapped 8-bit sRGB bytes of <paramref name="image"/>.</summary>
    public static byte[] ToSrgb8(LinearImage image, ToneMapping mapping, float exposureStops)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgb = new byte[image.Pixels.Length];
        ToSrgb8(image, mapping, exposureStops, rgb);
        return rgb;
    }

    /// <summary>The display-linear value in [0, 1] of exposed linear colour <paramref name="c"/>.</summary>
    public static Vector3 Map(Vector3 c, ToneMapping mapping)
    {
        if (mapping == ToneMapping.Aces)
        {
            var v = Vector3.Transform(c, AcesInput);
            var a = (v * (v + new Vector3(0.0245786f))) - new Vector3(0.000090537f);
            var b = (v * ((0.983729f * v) + new Vector3(0.4329510f))) + new Vector3(0.238081f);
            c = Vector3.Transform(a / b, AcesOutput);
        }

        return Vector3.Clamp(c, Vector3.Zero, Vector3.One);
    }

    /// <summary>The sRGB OETF of a display-linear value in [0, 1].</summary>
    public static float Oetf(float linear) =>
        linear <= 0.0031308f ? 12.92f * linear : (1.055f * MathF.Pow(linear, 1f / 2.4f)) - 0.055f;

    private static byte Encode(float linear)
    {
        if (!(linear > 0f))
        {
            return 0;
        }

        return (byte)Math.Clamp((int)((Oetf(MathF.Min(linear, 1f)) * 255f) + 0.5f), 0, 255);
    }
}
