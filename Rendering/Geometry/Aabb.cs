using System.Numerics;

namespace OrleansBridge.Rendering.Geometry;

/// <summary>An axis-aligned box. <see cref="Empty"/> is the identity of <see cref="Union(Aabb, Aabb)"/>.</summary>
/// <param name="Min">Lower corner.</param>
/// <param name="Max">Upper corner.</param>
public readonly record struct Aabb(Vector3 Min, Vector3 Max)
{
    /// <summary>The inverted box that contains nothing.</summary>
    public static Aabb Empty => new(new Vector3(float.PositiveInfinity), new Vector3(float.NegativeInfinity));

    /// <summary>True when the box contains nothing.</summary>
    public bool IsEmpty => Min.X > Max.X || Min.Y > Max.Y || Min.Z > Max.Z;

    /// <summary>Centre point.</summary>
    public Vector3 Centroid => 0.5f * (Min + Max);

    /// <summary>Edge lengths.</summary>
    public Vector3 Extent => Max - Min;

    /// <summary>Surface area; 0 for an empty box. The cost measure of the SAH.</summary>
    public float SurfaceArea
    {
        get
        {
            if (IsEmpty)
            {
                return 0f;
            }

            var e = Extent;
            return 2f * ((e.X * e.Y) + (e.Y * e.Z) + (e.Z * e.X));
        }
    }

    /// <summary>The smallest box holding both.</summary>
    public static Aabb Union(Aabb a, Aabb b) => new(Vector3.Min(a.Min, b.Min), Vector3.Max(a.Max, b.Max));

    /// <summary>This box grown to hold <paramref name="p"/>.</summary>
    public Aabb Include(Vector3 p) => new(Vector3.Min(Min, p), Vector3.Max(Max, p));

    /// <summary>The box around the eight transformed corners.</summary>
    public Aabb Transform(in Matrix4x4 matrix)
    {
        if (IsEmpty)
        {
            return this;
        }

        var result = Empty;
        for (var corner = 0; corner < 8; corner++)
        {
            var p = new Vector3((corner & 1) == 0 ? Min.X : Max.X, (corner & 2) == 0 ? Min.Y : Max.Y, (corner & 4) == 0 ? Min.Z : Max.Z);
            result = result.Include(Vector3.Transform(p, matrix));
        }

        return result;
    }
}
