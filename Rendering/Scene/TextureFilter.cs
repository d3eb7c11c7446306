namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// Texture reconstruction filter (glTF magFilter: 9728 NEAREST, 9729 LINEAR). Mipmapped minification
/// filters map onto these two, because the renderer does not build mip chains: every pixel is
/// supersampled by the progressive accumulation, which filters texture detail along with geometry.
/// </summary>
public enum TextureFilter
{
    /// <summary>The nearest texel.</summary>
    Nearest,

    /// <summary>Bilinear interpolation of the four nearest texels (in linear colour).</summary>
    Linear,
}
