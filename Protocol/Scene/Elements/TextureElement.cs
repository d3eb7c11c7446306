using OrleansBridge.Cache;

namespace OrleansBridge.Scene.Elements;

/// <summary>An image in the cache and how it is sampled (glTF 2.0 texture + sampler).</summary>
/// <param name="Image">The encoded image (PNG, JPEG or WebP) or raw pixels, by hash.</param>
/// <param name="Format"><c>png</c>, <c>jpeg</c>, <c>webp</c>, <c>rgba8</c> or <c>rgba32f</c> (raw: row-major, top row first).</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Sampler">Filtering and wrapping.</param>
public sealed record TextureElement(ContentHash Image, string Format, int Width, int Height, TextureSampler Sampler) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "texture";
}

/// <summary>glTF sampler settings: filters <c>nearest</c>/<c>linear</c>; wraps <c>repeat</c>, <c>clamp</c>, <c>mirror</c>.</summary>
public sealed record TextureSampler(string MagFilter = "linear", string MinFilter = "linear", string WrapS = "repeat", string WrapT = "repeat");

/// <summary>A material's use of a texture (glTF textureInfo, with KHR_texture_transform).</summary>
/// <param name="Texture">The texture element's name.</param>
/// <param name="TexCoord">The uv set (0 is the only one meshes carry today).</param>
/// <param name="Offset">KHR_texture_transform offset, or null.</param>
/// <param name="Rotation">KHR_texture_transform rotation in radians.</param>
/// <param name="Scale">KHR_texture_transform scale, or null.</param>
public sealed record TextureRef(string Texture, int TexCoord = 0, float[]? Offset = null, float Rotation = 0, float[]? Scale = null);
