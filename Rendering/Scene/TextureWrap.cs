namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// glTF wrap modes (10497 REPEAT, 33071 CLAMP_TO_EDGE, 33648 MIRRORED_REPEAT), applied per axis to
/// texture coordinates before texels are fetched. Bilinear filtering wraps its four taps the same way,
/// so a repeating texture filters seamlessly across its border.
/// </summary>
public enum TextureWrap
{
    /// <summary>Coordinates repeat: only the fractional part counts.</summary>
    Repeat,

    /// <summary>Coordinates are clamped to the edge texels.</summary>
    ClampToEdge,

    /// <summary>Coordinates repeat, every other repetition mirrored.</summary>
    MirroredRepeat,
}
