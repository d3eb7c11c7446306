using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Materials;

/// <summary>
/// Texture reads with the glTF sampler: wrap per axis, nearest or bilinear, and optional sRGB decoding of
/// 8-bit colour channels (through a 256-entry table, before filtering, so filtering happens in linear
/// light). Alpha is always linear.
/// </summary>
internal static class TextureLookup
{
    private static readonly float[] SrgbToLinear = BuildSrgbTable();

    /// <summary>RGBA at texture coordinate <paramref name="uv"/> (glTF: v = 0 is the top row).</summary>
    public static Vector4 Sample(TextureData texture, Vector2 uv, bool srgb)
    {
        var sampler = texture.Sampler;
        var w = texture.Width;
        var h = texture.Height;
        var u = Reduce(uv.X, sampler.WrapS) * w;
        var v = Reduce(uv.Y, sampler.WrapT) * h;
        if (sampler.Filter == TextureFilter.Nearest)
        {
            var x = Wrap((int)MathF.Floor(u), w, sampler.WrapS);
            var y = Wrap((int)MathF.Floor(v), h, sampler.WrapT);
            return Fetch(texture, x, y, srgb);
        }

        // Texel centres sit at half-integers.
        u -= 0.5f;
        v -= 0.5f;
        var fx = MathF.Floor(u);
        var fy = MathF.Floor(v);
        var tx = u - fx;
        var ty = v - fy;
        var x0 = Wrap((int)fx, w, sampler.WrapS);
        var x1 = Wrap((int)fx + 1, w, sampler.WrapS);
        var y0 = Wrap((int)fy, h, sampler.WrapT);
        var y1 = Wrap((int)fy + 1, h, sampler.WrapT);
        var top = Vector4.Lerp(Fetch(texture, x0, y0, srgb), Fetch(texture, x1, y0, srgb), tx);
        var bottom = Vector4.Lerp(Fetch(texture, x0, y1, srgb), Fetch(texture, x1, y1, srgb), tx);
        return Vector4.Lerp(top, bottom, ty);
    }

    /// <summary>The sRGB EOTF (IEC 61966-2-1) of an 8-bit code value.</summary>
    public static float DecodeSrgb(byte value) => SrgbToLinear[value];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector4 Fetch(TextureData texture, int x, int y, bool srgb)
    {
        var index = 4 * ((y * texture.Width) + x);
        if (texture.RgbaFloat is { } f)
        {
            return new Vector4(f[index], f[index + 1], f[index + 2], f[index + 3]);
        }

        var b = texture.Rgba8!;
        const float Scale = 1f / 255f;
        return srgb
            ? new Vector4(SrgbToLinear[b[index]], SrgbToLinear[b[index + 1]], SrgbToLinear[b[index + 2]], b[index + 3] * Scale)
            : new Vector4(b[index] * Scale, b[index + 1] * Scale, b[index + 2] * Scale, b[index + 3] * Scale);
    }

    /// <summary>Brings a coordinate into one period first, so huge coordinates cannot overflow an int.</summary>
    private static float Reduce(float t, TextureWrap wrap)
    {
        if (!float.IsFinite(t))
        {
            return 0f;
        }

        return wrap switch
        {
            TextureWrap.Repeat => t - MathF.Floor(t),
            TextureWrap.MirroredRepeat => t - (2f * MathF.Floor(t * 0.5f)),
            _ => Math.Clamp(t, -1f, 2f),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Wrap(int i, int n, TextureWrap wrap)
    {
        switch (wrap)
        {
            case TextureWrap.Repeat:
                i %= n;
                return i < 0 ? i + n : i;
            case TextureWrap.MirroredRepeat:
                var period = 2 * n;
                i %= period;
                if (i < 0)
                {
                    i += period;
                }

                return i < n ? i : period - 1 - i;
            default:
                return Math.Clamp(i, 0, n - 1);
        }
    }

    private static float[] BuildSrgbTable()
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            var c = i / 255.0;
            table[i] = (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
        }

        return table;
    }
}
