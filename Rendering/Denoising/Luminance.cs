using System.Numerics;

namespace OrleansBridge.Rendering.Denoising;

/// <summary>Relative luminance of linear Rec. 709 RGB (ITU-R BT.709 weights): what the edge-stopping compares.</summary>
internal static class Luminance
{
    public static float Of(Vector3 rgb) => Of(rgb.X, rgb.Y, rgb.Z);

    public static float Of(float r, float g, float b) => (0.2126f * r) + (0.7152f * g) + (0.0722f * b);
}
