using System.Numerics;
using System.Runtime.InteropServices;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// A node of the binary BVH the SAH builder produces, 32 bytes: the box, then either the index of the
/// left child (the right child follows it) or, for a leaf, the first primitive and the count.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BinaryNode
{
    /// <summary>Lower corner of the node's box.</summary>
    public Vector3 Min;

    /// <summary>Leaf: first primitive in the order array; inner: index of the left child.</summary>
    public int LeftOrFirst;

    /// <summary>Upper corner of the node's box.</summary>
    public Vector3 Max;

    /// <summary>Leaf: primitive count (≥ 1); inner: 0.</summary>
    public int Count;

    /// <summary>True for a leaf.</summary>
    public readonly bool IsLeaf => Count > 0;

    /// <summary>Surface area of the box (the SAH weight used when collapsing to a wide BVH).</summary>
    public readonly float SurfaceArea
    {
        get
        {
            var e = Max - Min;
            return 2f * ((e.X * e.Y) + (e.Y * e.Z) + (e.Z * e.X));
        }
    }
}
