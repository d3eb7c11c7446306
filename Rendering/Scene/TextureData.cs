namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// One glTF texture: decoded image texels plus its sampler. Exactly one of <see cref="Rgba8"/> and
/// <see cref="RgbaFloat"/> is set. Row 0 is the top row of the image, which is where glTF puts
/// texture coordinate v = 0, so texels are addressed without a flip.
/// </summary>
/// <remarks>
/// 8-bit texels are stored as the image holds them; whether they are sRGB-encoded is decided by the
/// material slot that reads them, as glTF specifies (base colour and emissive: sRGB; metallic-roughness,
/// normal and occlusion: linear). Float texels (HDR environment maps) are always linear.
/// </remarks>
public sealed record TextureData
{
    /// <summary>Width in texels.</summary>
    public required int Width { get; init; }

    /// <summary>Height in texels.</summary>
    public required int Height { get; init; }

    /// <summary>Four bytes per texel (R, G, B, A), row-major, top row first.</summary>
    public byte[]? Rgba8 { get; init; }

    /// <summary>Four linear floats per texel (R, G, B, A), row-major, top row first.</summary>
    public float[]? RgbaFloat { get; init; }

    /// <summary>Wrap modes and filter (glTF sampler).</summary>
    public TextureSampler Sampler { get; init; } = TextureSampler.Default;
}
