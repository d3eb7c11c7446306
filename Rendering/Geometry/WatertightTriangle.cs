using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Geometry;

/// <summary>
/// The watertight ray/triangle test (Woop, Benthin and Wald 2013, JCGT 2(1), section 3 and the
/// double-precision fallback of section 3.4). See <see cref="TriangleRay"/> for the per-ray part.
/// </summary>
internal static class WatertightTriangle
{
    /// <summary>
    /// Tests the ray against triangle (v0, v1, v2) for 0 &lt; t &lt; <paramref name="tMax"/>. On a hit returns
    /// the distance and the barycentric weights of v1 (<paramref name="b1"/>) and v2 (<paramref name="b2"/>).
    /// Both faces are hit; the ray stays in the triangle's edges and vertices without gaps or double hits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Intersect(in TriangleRay ray, Vector3 v0, Vector3 v1, Vector3 v2, float tMax, out float t, out float b1, out float b2)
    {
        var a = ray.Transform(v0);
        var b = ray.Transform(v1);
        var c = ray.Transform(v2);

        // Scaled barycentrics: signed areas of the sub-triangles the ray's projection cuts.
        var u = (c.X * b.Y) - (c.Y * b.X);
        var v = (a.X * c.Y) - (a.Y * c.X);
        var w = (b.X * a.Y) - (b.Y * a.X);
        if (u == 0f || v == 0f || w == 0f)
        {
            // On an edge in float: decide in double, as the paper prescribes, so that exactly one of
            // the two triangles sharing the edge is hit.
            u = (float)(((double)c.X * b.Y) - ((double)c.Y * b.X));
            v = (float)(((double)a.X * c.Y) - ((double)a.Y * c.X));
            w = (float)(((double)b.X * a.Y) - ((double)b.Y * a.X));
        }

        t = b1 = b2 = 0f;
        if ((u < 0f || v < 0f || w < 0f) && (u > 0f || v > 0f || w > 0f))
        {
            return false;
        }

        var det = u + v + w;
        if (det == 0f)
        {
            return false;
        }

        var scaledT = (u * a.Z) + (v * b.Z) + (w * c.Z);

        // Compare t = scaledT/det against (0, tMax) without dividing: flip both signs when det < 0.
        var signedT = det < 0f ? -scaledT : scaledT;
        var absDet = MathF.Abs(det);
        if (signedT <= 0f || signedT >= tMax * absDet)
        {
            return false;
        }

        var inverse = 1f / det;
        t = scaledT * inverse;
        b1 = v * inverse;
        b2 = w * inverse;
        return true;
    }
}
