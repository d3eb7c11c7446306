using System.Numerics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>One SAH bin of <see cref="BinnedSahBuilder"/>: the box of the primitives in it and their count.</summary>
internal struct Bin
{
    /// <summary>Lower corner of the primitives' boxes.</summary>
    public Vector3 Min;

    /// <summary>Upper corner of the primitives' boxes.</summary>
    public Vector3 Max;

    /// <summary>Primitives in the bin.</summary>
    public int Count;

    /// <summary>A bin holding nothing.</summary>
    public static Bin Empty => new() { Min = new Vector3(float.PositiveInfinity), Max = new Vector3(float.NegativeInfinity) };

    /// <summary>Surface area of the bin's box (0 when empty).</summary>
    public readonly float Area
    {
        get
        {
            if (Count == 0)
            {
                return 0f;
            }

            var e = Max - Min;
            return 2f * ((e.X * e.Y) + (e.Y * e.Z) + (e.Z * e.X));
        }
    }

    /// <summary>Adds one primitive's box.</summary>
    public void Add(Vector3 min, Vector3 max)
    {
        Min = Vector3.Min(Min, min);
        Max = Vector3.Max(Max, max);
        Count++;
    }

    /// <summary>Adds another bin.</summary>
    public void Merge(in Bin other)
    {
        Min = Vector3.Min(Min, other.Min);
        Max = Vector3.Max(Max, other.Max);
        Count += other.Count;
    }
}
