using System.Numerics;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// A binary tree over the scene's local lights (point, spot, emissive triangles) for picking one by its
/// estimated contribution at the shading point: from the root, each step goes to a child with
/// probability proportional to its <see cref="LightBounds.Importance"/> (the light BVH of Conty Estevez
/// and Kulla 2018, Cycles' light tree, pbrt-v4's BVHLightSampler). A pick costs one importance per
/// child on the path, O(log n); the probability of a given light is the product along its path, which
/// <see cref="Pmf"/> retraces from the bit trail stored per light.
/// </summary>
/// <remarks>
/// Built by median splits of the centroids along the box's longest axis, one light per leaf; the depth
/// is ⌈log₂ n⌉, so a trail fits 64 bits for any scene that fits in memory.
/// </remarks>
internal sealed class LightTree
{
    // Nodes in depth-first order: an interior node's first child follows it, the second is at Child.
    private readonly Node[] _nodes;
    private readonly ulong[] _trails;

    /// <summary>Builds the tree over <paramref name="bounds"/>; leaf i reports light i.</summary>
    public LightTree(LightBounds[] bounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bounds.Length);
        _trails = new ulong[bounds.Length];
        var nodes = new List<Node>(2 * bounds.Length);
        var order = Enumerable.Range(0, bounds.Length).ToArray();
        var keys = new float[bounds.Length];
        Build(bounds, order, keys, 0, bounds.Length, 0, 0UL, nodes);
        _nodes = [.. nodes];
    }

    /// <summary>Importance of the whole tree at <paramref name="p"/> with normal <paramref name="n"/>.</summary>
    public float RootImportance(Vector3 p, Vector3 n) => _nodes[0].Bounds.Importance(p, n);

    /// <summary>
    /// Picks a light with <paramref name="u"/> in [0, 1); <paramref name="pmf"/> is its probability given
    /// that the tree was chosen. −1 when no light can reach the point.
    /// </summary>
    public int Sample(Vector3 p, Vector3 n, float u, out float pmf)
    {
        pmf = 1f;
        var index = 0;
        while (true)
        {
            ref readonly var node = ref _nodes[index];
            if (node.IsLeaf)
            {
                return node.Child;
            }

            var left = _nodes[index + 1].Bounds.Importance(p, n);
            var right = _nodes[node.Child].Bounds.Importance(p, n);
            var sum = left + right;
            if (!(sum > 0f))
            {
                pmf = 0f;
                return -1;
            }

            var pLeft = left / sum;
            if (u < pLeft)
            {
                u = MathF.Min(u / pLeft, OneMinusEpsilon);
                pmf *= pLeft;
                index++;
            }
            else
            {
                u = MathF.Min((u - pLeft) / (1f - pLeft), OneMinusEpsilon);
                pmf *= 1f - pLeft;
                index = node.Child;
            }
        }
    }

    /// <summary>Probability that <see cref="Sample"/> at (<paramref name="p"/>, <paramref name="n"/>) picks <paramref name="light"/>.</summary>
    public float Pmf(int light, Vector3 p, Vector3 n)
    {
        var trail = _trails[light];
        var pmf = 1f;
        var index = 0;
        while (!_nodes[index].IsLeaf)
        {
            ref readonly var node = ref _nodes[index];
            var left = _nodes[index + 1].Bounds.Importance(p, n);
            var right = _nodes[node.Child].Bounds.Importance(p, n);
            var sum = left + right;
            if (!(sum > 0f))
            {
                return 0f;
            }

            if ((trail & 1UL) == 0UL)
            {
                pmf *= left / sum;
                index++;
            }
            else
            {
                pmf *= right / sum;
                index = node.Child;
            }

            trail >>= 1;
        }

        return pmf;
    }

    private const float OneMinusEpsilon = 0.99999994f;

    private int Build(LightBounds[] bounds, int[] order, float[] keys, int start, int end, int depth, ulong trail, List<Node> nodes)
    {
        var index = nodes.Count;
        if (end - start == 1)
        {
            var light = order[start];
            _trails[light] = trail;
            nodes.Add(new Node(bounds[light], light, isLeaf: true));
            return index;
        }

        // Longest axis of the centroids' box, split at the median.
        var min = new Vector3(float.PositiveInfinity);
        var max = new Vector3(float.NegativeInfinity);
        for (var i = start; i < end; i++)
        {
            var c = bounds[order[i]].Centroid;
            min = Vector3.Min(min, c);
            max = Vector3.Max(max, c);
        }

        var extent = max - min;
        var axis = extent.X >= extent.Y && extent.X >= extent.Z ? 0 : extent.Y >= extent.Z ? 1 : 2;
        for (var i = start; i < end; i++)
        {
            var c = bounds[order[i]].Centroid;
            keys[i] = axis == 0 ? c.X : axis == 1 ? c.Y : c.Z;
        }

        keys.AsSpan(start, end - start).Sort(order.AsSpan(start, end - start));
        var middle = (start + end) / 2;
        nodes.Add(default);
        Build(bounds, order, keys, start, middle, depth + 1, trail, nodes);
        var second = Build(bounds, order, keys, middle, end, depth + 1, trail | (1UL << depth), nodes);
        var union = LightBounds.Union(nodes[index + 1].Bounds, nodes[second].Bounds);
        nodes[index] = new Node(union, second, isLeaf: false);
        return index;
    }

    /// <summary>For device upload: the nodes in depth-first order (bounds, second child or leaf index, leaf flag).</summary>
    public IEnumerable<(LightBounds Bounds, int Child, bool IsLeaf)> Nodes => _nodes.Select(n => (n.Bounds, n.Child, n.IsLeaf));

    /// <summary>For device upload: per leaf, the path from the root (bit d set = second child at depth d).</summary>
    public ReadOnlySpan<ulong> Trails => _trails;

    private readonly struct Node(LightBounds bounds, int child, bool isLeaf)
    {
        public readonly LightBounds Bounds = bounds;

        // Leaf: the light's index; interior: the second child's node index.
        public readonly int Child = child;
        public readonly bool IsLeaf = isLeaf;
    }
}
