using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Shading;

/// <summary>
/// A material texture slot as shading reads it: the texture index (−1 for none) and the
/// KHR_texture_transform folded into a 2×3 matrix once, so a lookup costs four multiply-adds.
/// </summary>
internal readonly struct TextureSlot
{
    private readonly float _m00, _m01, _m10, _m11, _offsetU, _offsetV;
    private readonly bool _transformed;

    /// <summary>The slot of <paramref name="binding"/>, or an empty slot.</summary>
    public TextureSlot(TextureBinding? binding)
    {
        Texture = binding?.Texture ?? -1;
        if (binding is not { } b)
        {
            return;
        }

        var (sin, cos) = MathF.SinCos(b.Rotation);
        (_m00, _m01, _offsetU) = (cos * b.Scale.X, sin * b.Scale.Y, b.Offset.X);
        (_m10, _m11, _offsetV) = (-sin * b.Scale.X, cos * b.Scale.Y, b.Offset.Y);
        _transformed = b.Rotation != 0f || b.Scale != Vector2.One || b.Offset != Vector2.Zero;
    }

    /// <summary>Texture index, or −1 when the slot is empty.</summary>
    public int Texture { get; }

    /// <summary>True when a texture is bound.</summary>
    public bool IsBound => Texture >= 0;

    /// <summary>The folded transform as <see cref="Map"/> applies it (for device upload).</summary>
    public (bool Transformed, float M00, float M01, float M10, float M11, float OffsetU, float OffsetV) Transform =>
        (_transformed, _m00, _m01, _m10, _m11, _offsetU, _offsetV);

    /// <summary>The texture coordinate to look up for mesh coordinate <paramref name="uv"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector2 Map(Vector2 uv) => _transformed
        ? new Vector2((_m00 * uv.X) + (_m01 * uv.Y) + _offsetU, (_m10 * uv.X) + (_m11 * uv.Y) + _offsetV)
        : uv;
}
