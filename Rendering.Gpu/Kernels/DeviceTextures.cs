using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// <c>TextureLookup</c> on the device: wrap modes per axis, nearest or bilinear (texel centres at
/// half-integers), 8-bit texels decoded through the same 256-entry sRGB table (before filtering) or
/// linearly, float texels as stored. Textures lie one after another in <see cref="DeviceScene.TexelBytes"/>
/// (RGBA8 packed in a uint) or <see cref="DeviceScene.TexelFloats"/>; a slot's KHR_texture_transform is
/// <c>TextureSlot.Map</c>'s.
/// </summary>
internal static class DeviceTextures
{
    /// <summary>Ints per texture: texel offset, width, height, wrap S, wrap T, filter (0 nearest), float texels.</summary>
    public const int InfoStride = 7;

    /// <summary>Floats per texture slot of a material: texture (−1 = unbound), transformed, m00, m01, m10, m11, offset u, offset v.</summary>
    public const int SlotStride = 8;

    public static bool IsBound(ArrayView<float> materials, int slot) => materials[slot] >= 0f;

    /// <summary>The texel of the slot at <c>offset</c> in the material array for texture coordinates (u, v); RGBA.</summary>
    public static (Float3 Rgb, float A) Sample(in DeviceScene scene, int slot, float u, float v, bool srgb)
    {
        var m = scene.Materials;
        if (m[slot + 1] != 0f)
        {
            var mu = (m[slot + 2] * u) + (m[slot + 3] * v) + m[slot + 6];
            var mv = (m[slot + 4] * u) + (m[slot + 5] * v) + m[slot + 7];
            u = mu;
            v = mv;
        }

        return SampleTexture(scene, (int)m[slot], u, v, srgb);
    }

    /// <summary>The texel of texture <paramref name="texture"/> at (u, v), without a slot's transform; RGBA.</summary>
    public static (Float3 Rgb, float A) SampleTexture(in DeviceScene scene, int texture, float u, float v, bool srgb)
    {
        var info = InfoStride * texture;
        var w = scene.TextureInfo[info + 1];
        var h = scene.TextureInfo[info + 2];
        var wrapS = scene.TextureInfo[info + 3];
        var wrapT = scene.TextureInfo[info + 4];
        var x = Reduce(u, wrapS) * w;
        var y = Reduce(v, wrapT) * h;
        if (scene.TextureInfo[info + 5] == 0)
        {
            return Fetch(scene, info, Wrap((int)MathF.Floor(x), w, wrapS), Wrap((int)MathF.Floor(y), h, wrapT), srgb);
        }

        x -= 0.5f;
        y -= 0.5f;
        var fx = MathF.Floor(x);
        var fy = MathF.Floor(y);
        var tx = x - fx;
        var ty = y - fy;
        var x0 = Wrap((int)fx, w, wrapS);
        var x1 = Wrap((int)fx + 1, w, wrapS);
        var y0 = Wrap((int)fy, h, wrapT);
        var y1 = Wrap((int)fy + 1, h, wrapT);
        var (c00, a00) = Fetch(scene, info, x0, y0, srgb);
        var (c10, a10) = Fetch(scene, info, x1, y0, srgb);
        var (c01, a01) = Fetch(scene, info, x0, y1, srgb);
        var (c11, a11) = Fetch(scene, info, x1, y1, srgb);
        var top = Float3.Lerp(c00, c10, tx);
        var bottom = Float3.Lerp(c01, c11, tx);
        var aTop = a00 + ((a10 - a00) * tx);
        var aBottom = a01 + ((a11 - a01) * tx);
        return (Float3.Lerp(top, bottom, ty), aTop + ((aBottom - aTop) * ty));
    }

    private static (Float3 Rgb, float A) Fetch(in DeviceScene scene, int info, int x, int y, bool srgb)
    {
        var texel = scene.TextureInfo[info] + (y * scene.TextureInfo[info + 1]) + x;
        if (scene.TextureInfo[info + 6] != 0)
        {
            var f = 4 * texel;
            return (new Float3(scene.TexelFloats[f], scene.TexelFloats[f + 1], scene.TexelFloats[f + 2]), scene.TexelFloats[f + 3]);
        }

        var packed = scene.TexelBytes[texel];
        var r = (int)(packed & 0xFF);
        var g = (int)((packed >> 8) & 0xFF);
        var b = (int)((packed >> 16) & 0xFF);
        var a = (packed >> 24) * (1f / 255f);
        return srgb
            ? (new Float3(scene.Srgb[r], scene.Srgb[g], scene.Srgb[b]), a)
            : (new Float3(r * (1f / 255f), g * (1f / 255f), b * (1f / 255f)), a);
    }

    /// <summary>The coordinate reduced by the wrap mode (0 repeat, 1 clamp to edge, 2 mirrored repeat), as <c>TextureLookup.Reduce</c>.</summary>
    private static float Reduce(float t, int wrap)
    {
        if (!float.IsFinite(t))
        {
            return 0f;
        }

        return wrap == 0 ? t - MathF.Floor(t) : wrap == 2 ? t - (2f * MathF.Floor(t * 0.5f)) : MathF.Max(-1f, MathF.Min(t, 2f));
    }

    private static int Wrap(int i, int n, int wrap)
    {
        if (wrap == 0)
        {
            i %= n;
            return i < 0 ? i + n : i;
        }

        if (wrap == 2)
        {
            var period = 2 * n;
            i %= period;
            if (i < 0)
            {
                i += period;
            }

            return i < n ? i : period - 1 - i;
        }

        return i < 0 ? 0 : i > n - 1 ? n - 1 : i;
    }
}
