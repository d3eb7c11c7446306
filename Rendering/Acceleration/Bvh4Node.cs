using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// A 4-wide BVH node in structure-of-arrays form, 112 bytes: one <see cref="Vector128{T}"/> per box
/// plane holds that plane for all four children, so one ray is tested against four boxes with a handful
/// of SIMD instructions. Unused slots have an inverted box (+∞ lower, −∞ upper) that no ray enters.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Bvh4Node
{
    /// <summary>Planes in the order min x, min y, min z, max x, max y, max z.</summary>
    public Bvh4Planes Planes;

    /// <summary>
    /// Per child: an inner node index (≥ 0), or a leaf encoded as ~(first &lt;&lt; 4 | count) (&lt; 0) with
    /// count in 1..15 primitives starting at <c>first</c> in the leaf-ordered primitive array.
    /// </summary>
    public Vector128<int> Children;

    /// <summary>Encodes a leaf reference.</summary>
    public static int EncodeLeaf(int first, int count)
    {
        if (count is < 1 or > MaxLeafSize || first >= 1 << 27)
        {
            throw new InvalidOperationException($"A leaf of {count} primitives from {first} does not fit a reference.");
        }

        return ~((first << 4) | count);
    }

    /// <summary>Decodes a leaf reference made by <see cref="EncodeLeaf"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int First, int Count) DecodeLeaf(int reference)
    {
        var bits = ~reference;
        return (bits >> 4, bits & 15);
    }

    /// <summary>Largest primitive count one leaf reference can carry.</summary>
    public const int MaxLeafSize = 15;
}
