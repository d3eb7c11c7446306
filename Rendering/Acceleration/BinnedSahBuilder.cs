using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Top-down BVH construction with the surface area heuristic evaluated on 16 centroid bins per axis
/// (Wald, "On fast Construction of SAH-based Bounding Volume Hierarchies", RT'07), counting leaf cost
/// in blocks of the leaf size as Embree does for its 4-wide triangle leaves. Subtrees above
/// <see cref="ParallelThreshold"/> primitives are built in parallel; the result does not depend on it.
/// </summary>
/// <remarks>
/// The loops are marked AggressiveOptimization: a build runs once per mesh, long before tiered
/// compilation would promote it, and tier-0 code of these struct-heavy loops is several times slower.
/// </remarks>
internal sealed class BinnedSahBuilder
{
    private const int BinCount = 16;
    private const int ParallelThreshold = 32 * 1024;
    private const int MaxSahDepth = 48;
    private const float TraversalCost = 1f;
    private const float IntersectionCost = 1f;

    private readonly Vector3[] _min;
    private readonly Vector3[] _max;
    private readonly Vector3[] _centroid;
    private readonly int[] _order;
    private readonly BinaryNode[] _nodes;
    private readonly int _maxLeafSize;
    private int _nodeCount;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private BinnedSahBuilder(ReadOnlySpan<Aabb> bounds, int maxLeafSize)
    {
        var n = bounds.Length;
        _min = new Vector3[n];
        _max = new Vector3[n];
        _centroid = new Vector3[n];
        _order = new int[n];
        for (var i = 0; i < n; i++)
        {
            _min[i] = bounds[i].Min;
            _max[i] = bounds[i].Max;
            _centroid[i] = 0.5f * (bounds[i].Min + bounds[i].Max);
            _order[i] = i;
        }

        _nodes = new BinaryNode[Math.Max(1, (2 * n) - 1)];
        _maxLeafSize = maxLeafSize;
    }

    /// <summary>
    /// Builds the BVH over primitives with the given boxes. Returns the nodes (root at 0) and the
    /// primitive order: leaf ranges index into it. Leaves hold at most <paramref name="maxLeafSize"/>.
    /// </summary>
    public static (BinaryNode[] Nodes, int[] Order) Build(ReadOnlySpan<Aabb> bounds, int maxLeafSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLeafSize, 1);
        var builder = new BinnedSahBuilder(bounds, maxLeafSize);
        builder._nodeCount = 1;
        if (bounds.Length == 0)
        {
            builder._nodes[0] = new BinaryNode { Min = Vector3.Zero, Max = Vector3.Zero, LeftOrFirst = 0, Count = 0 };
            return (builder._nodes, builder._order);
        }

        builder.BuildNode(0, 0, bounds.Length, 0);
        return (builder._nodes.AsSpan(0, builder._nodeCount).ToArray(), builder._order);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildNode(int index, int first, int count, int depth)
    {
        var bounds = Aabb.Empty;
        var centroids = Aabb.Empty;
        for (var i = first; i < first + count; i++)
        {
            var p = _order[i];
            bounds = new Aabb(Vector3.Min(bounds.Min, _min[p]), Vector3.Max(bounds.Max, _max[p]));
            centroids = centroids.Include(_centroid[p]);
        }

        ref var node = ref _nodes[index];
        node.Min = bounds.Min;
        node.Max = bounds.Max;
        if (count == 1)
        {
            MakeLeaf(ref node, first, count);
            return;
        }

        int axis = 0, position = 0;
        var split = depth < MaxSahDepth && FindSahSplit(first, count, bounds, centroids, out axis, out position);
        int middle;
        if (split)
        {
            middle = Partition(first, count, centroids, axis, position);
        }
        else if (count <= _maxLeafSize)
        {
            MakeLeaf(ref node, first, count);
            return;
        }
        else
        {
            // SAH found nothing better than a leaf, but the leaf is too big (or the tree too deep):
            // split at the median of the longest centroid axis, which also bounds the depth.
            middle = MedianSplit(first, count, centroids);
        }

        var left = Interlocked.Add(ref _nodeCount, 2) - 2;
        node.LeftOrFirst = left;
        node.Count = 0;
        if (count >= ParallelThreshold)
        {
            Parallel.Invoke(
                () => BuildNode(left, first, middle - first, depth + 1),
                () => BuildNode(left + 1, middle, first + count - middle, depth + 1));
        }
        else
        {
            BuildNode(left, first, middle - first, depth + 1);
            BuildNode(left + 1, middle, first + count - middle, depth + 1);
        }
    }

    private static void MakeLeaf(ref BinaryNode node, int first, int count)
    {
        node.LeftOrFirst = first;
        node.Count = count;
    }

    /// <summary>Finds the cheapest bin boundary; false when a leaf is cheaper (and allowed) or no axis splits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FindSahSplit(int first, int count, Aabb bounds, Aabb centroids, out int bestAxis, out int bestBin)
    {
        Span<Bin> bins = stackalloc Bin[3 * BinCount];
        for (var i = 0; i < bins.Length; i++)
        {
            bins[i] = Bin.Empty;
        }

        var extent = centroids.Extent;
        var scale = new Vector3(
            extent.X > 0f ? BinCount / extent.X : 0f,
            extent.Y > 0f ? BinCount / extent.Y : 0f,
            extent.Z > 0f ? BinCount / extent.Z : 0f);
        for (var i = first; i < first + count; i++)
        {
            var p = _order[i];
            var b = BinIndex(_centroid[p], centroids.Min, scale);
            bins[b.X].Add(_min[p], _max[p]);
            bins[BinCount + b.Y].Add(_min[p], _max[p]);
            bins[(2 * BinCount) + b.Z].Add(_min[p], _max[p]);
        }

        var leafCost = Blocks(count) * IntersectionCost;
        var bestCost = count <= _maxLeafSize ? leafCost : float.PositiveInfinity;
        bestAxis = -1;
        bestBin = -1;
        Span<float> rightArea = stackalloc float[BinCount];
        Span<int> rightCount = stackalloc int[BinCount];
        var inverseArea = 1f / MathF.Max(bounds.SurfaceArea, float.Epsilon);
        for (var axis = 0; axis < 3; axis++)
        {
            if ((axis == 0 ? extent.X : axis == 1 ? extent.Y : extent.Z) <= 0f)
            {
                continue;
            }

            var axisBins = bins.Slice(axis * BinCount, BinCount);
            var accumulated = Bin.Empty;
            for (var b = BinCount - 1; b > 0; b--)
            {
                accumulated.Merge(axisBins[b]);
                rightArea[b] = accumulated.Area;
                rightCount[b] = accumulated.Count;
            }

            accumulated = Bin.Empty;
            for (var b = 1; b < BinCount; b++)
            {
                // Split between bin b-1 and bin b.
                accumulated.Merge(axisBins[b - 1]);
                if (accumulated.Count == 0 || rightCount[b] == 0)
                {
                    continue;
                }

                var cost = TraversalCost + (IntersectionCost * inverseArea * ((accumulated.Area * Blocks(accumulated.Count)) + (rightArea[b] * Blocks(rightCount[b]))));
                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestAxis = axis;
                    bestBin = b;
                }
            }
        }

        return bestAxis >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Partition(int first, int count, Aabb centroids, int axis, int splitBin)
    {
        var extent = centroids.Extent;
        var scale = new Vector3(
            extent.X > 0f ? BinCount / extent.X : 0f,
            extent.Y > 0f ? BinCount / extent.Y : 0f,
            extent.Z > 0f ? BinCount / extent.Z : 0f);
        int i = first, j = first + count - 1;
        while (i <= j)
        {
            var b = BinIndex(_centroid[_order[i]], centroids.Min, scale);
            if ((axis == 0 ? b.X : axis == 1 ? b.Y : b.Z) < splitBin)
            {
                i++;
            }
            else
            {
                (_order[i], _order[j]) = (_order[j], _order[i]);
                j--;
            }
        }

        return i;
    }

    private int MedianSplit(int first, int count, Aabb centroids)
    {
        var extent = centroids.Extent;
        var axis = extent.X >= extent.Y && extent.X >= extent.Z ? 0 : extent.Y >= extent.Z ? 1 : 2;
        var centroid = _centroid;
        _order.AsSpan(first, count).Sort((a, b) => Axis(centroid[a], axis).CompareTo(Axis(centroid[b], axis)));
        return first + (count / 2);
    }

    /// <summary>
    /// Intersection work for <paramref name="count"/> primitives: leaves are tested
    /// <see cref="_maxLeafSize"/> primitives at a time (a 4-lane triangle pack costs the same with one
    /// triangle or four), so the SAH counts blocks, not primitives, and fills the packs.
    /// </summary>
    private int Blocks(int count) => (count + _maxLeafSize - 1) / _maxLeafSize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int X, int Y, int Z) BinIndex(Vector3 centroid, Vector3 origin, Vector3 scale)
    {
        var f = (centroid - origin) * scale;
        return (Math.Clamp((int)f.X, 0, BinCount - 1), Math.Clamp((int)f.Y, 0, BinCount - 1), Math.Clamp((int)f.Z, 0, BinCount - 1));
    }

    private static float Axis(Vector3 v, int axis) => axis == 0 ? v.X : axis == 1 ? v.Y : v.Z;
}
