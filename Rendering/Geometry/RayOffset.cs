using System.Numerics;

namespace OrleansBridge.Rendering.Geometry;

/// <summary>
/// Moves a ray origin off a surface so that the new ray does not hit the surface it leaves:
/// Wächter and Binder, "A Fast and Robust Method for Avoiding Self-Intersection", Ray Tracing Gems
/// (2019), chapter 6. Offsets a fixed number of ulps along the normal, which scales with the magnitude
/// of the coordinates, plus a small absolute offset near the origin where ulps are tiny.
/// </summary>
public static class RayOffset
{
    private const float Origin = 1f / 32f;
    private const float FloatScale = 1f / 65536f;
    private const float IntScale = 256f;

    /// <summary>
    /// <paramref name="p"/> moved off the surface towards the side <paramref name="n"/> points to
    /// (<paramref name="n"/>: the geometric normal, flipped to the side the new ray leaves from).
    /// </summary>
    public static Vector3 Offset(Vector3 p, Vector3 n) =>
        new(Offset(p.X, n.X), Offset(p.Y, n.Y), Offset(p.Z, n.Z));

    private static float Offset(float p, float n)
    {
        if (MathF.Abs(p) < Origin)
        {
            return p + (FloatScale * n);
        }

        var ulps = (int)(IntScale * n);
        var bits = BitConverter.SingleToInt32Bits(p);
        return BitConverter.Int32BitsToSingle(bits + (p < 0 ? -ulps : ulps));
    }
}
