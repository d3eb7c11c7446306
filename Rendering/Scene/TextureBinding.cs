using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// A material's use of a texture: glTF textureInfo with KHR_texture_transform. Texture coordinates are
/// transformed by translation · rotation · scale before the lookup, as the extension specifies:
/// u' = cos r · sx·u + sin r · sy·v + ox, v' = −sin r · sx·u + cos r · sy·v + oy.
/// </summary>
/// <param name="Texture">Index into <see cref="SceneDescription.Textures"/>.</param>
public readonly record struct TextureBinding(int Texture)
{
    /// <summary>KHR_texture_transform offset.</summary>
    public Vector2 Offset { get; init; } = Vector2.Zero;

    /// <summary>KHR_texture_transform rotation in radians (counter-clockwise in UV space).</summary>
    public float Rotation { get; init; }

    /// <summary>KHR_texture_transform scale.</summary>
    public Vector2 Scale { get; init; } = Vector2.One;

    /// <summary>A binding of texture <paramref name="texture"/> without a transform.</summary>
    public static implicit operator TextureBinding(int texture) => FromIndex(texture);

    /// <summary>A binding of texture <paramref name="texture"/> without a transform.</summary>
    public static TextureBinding FromIndex(int texture) => new(texture);

    /// <summary>Applies the transform to texture coordinate <paramref name="uv"/>.</summary>
    public Vector2 Apply(Vector2 uv)
    {
        var (sin, cos) = MathF.SinCos(Rotation);
        var s = uv * Scale;
        return new Vector2((cos * s.X) + (sin * s.Y), (-sin * s.X) + (cos * s.Y)) + Offset;
    }
}
