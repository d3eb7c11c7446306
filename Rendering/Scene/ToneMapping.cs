namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// How linear radiance becomes display values. Both operators first scale by 2^exposure (stops) and end
/// with the sRGB transfer function (IEC 61966-2-1); the linear buffer itself is never tone mapped.
/// </summary>
public enum ToneMapping
{
    /// <summary>Exposure, clamp to [0, 1], sRGB OETF: Blender's "Standard" view transform.</summary>
    Standard,

    /// <summary>
    /// The ACES filmic curve as fitted by Stephen Hill (RRT + ODT on the sRGB primaries, the fit three.js
    /// calls ACESFilmic), then clamp and sRGB OETF.
    /// </summary>
    Aces,
}
