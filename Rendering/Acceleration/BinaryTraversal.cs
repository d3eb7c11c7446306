using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Ordered traversal of the binary BVH with a scalar slab test per child. The reference the 4-wide
/// traversal was measured against (<c>bench render</c> runs both); shading never uses it.
/// </summary>
internal static class BinaryTraversal
{
    /// <summary>
    /// Walks <paramref name="nodes"/> (root at 0) and hands every leaf the ray reaches before
    /// <paramref name="hit"/>.T to <paramref name="leaf"/>. Returns true when the leaf intersector ended
    /// the walk (occlusion found).
    /// </summary>
    public static bool Traverse<TLeaf>(BinaryNode[] nodes, in Ray ray, ref SurfaceHit hit, ref TLeaf leaf)
        where TLeaf : struct, ILeafIntersector
    {
        var stack = new TraversalStack(stackalloc int[TraversalStack.Capacity], stackalloc float[TraversalStack.Capacity]);
        var box = new BoxRay(ray);
        ref var root = ref MemoryMarshal.GetArrayDataReference(nodes);
        if (box.Enter(root.Min, root.Max, hit.T) == float.PositiveInfinity)
        {
            return false;
        }

        var current = 0;
        while (true)
        {
            ref var node = ref Unsafe.Add(ref root, current);
            if (node.IsLeaf)
            {
                if (leaf.Intersect(node.LeftOrFirst, node.Count, ref hit))
                {
                    return true;
                }
            }
            else
            {
                var left = node.LeftOrFirst;
                ref var a = ref Unsafe.Add(ref root, left);
                ref var b = ref Unsafe.Add(ref root, left + 1);
                var tA = box.Enter(a.Min, a.Max, hit.T);
                var tB = box.Enter(b.Min, b.Max, hit.T);
                if (tA != float.PositiveInfinity || tB != float.PositiveInfinity)
                {
                    var (near, far, tFar) = tA <= tB ? (left, left + 1, tB) : (left + 1, left, tA);
                    if (tFar != float.PositiveInfinity)
                    {
                        stack.Push(far, tFar);
                    }

                    current = near;
                    continue;
                }
            }

            if (!stack.TryPopCloserThan(hit.T, out current))
            {
                return false;
            }
        }
    }
}
