namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// glTF sampler: wrap mode per axis and the magnification filter. Minification uses the same filter:
/// the path tracer supersamples every pixel, so no mip chain is built.
/// </summary>
/// <param name="WrapS">Wrap along u (glTF wrapS, default REPEAT).</param>
/// <param name="WrapT">Wrap along v (glTF wrapT, default REPEAT).</param>
/// <param name="Filter">Nearest or bilinear (glTF magFilter, default LINEAR).</param>
public readonly record struct TextureSampler(TextureWrap WrapS, TextureWrap WrapT, TextureFilter Filter)
{
    /// <summary>REPEAT on both axes, bilinear: the glTF defaults.</summary>
    public static TextureSampler Default => new(TextureWrap.Repeat, TextureWrap.Repeat, TextureFilter.Linear);
}
