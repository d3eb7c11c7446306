using System.Diagnostics;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The top-level acceleration structure: a 4-wide BVH over the world-space boxes of the instances.
/// Building it touches one box per instance, so it is rebuilt from scratch whenever instances move,
/// while the per-mesh BVHs below it stay untouched.
/// </summary>
internal sealed class InstanceBvh
{
    private InstanceBvh(Bvh4Node[] nodes, int[] order, Aabb bounds, TimeSpan buildTime)
    {
        Nodes = nodes;
        Order = order;
        Bounds = bounds;
        BuildTime = buildTime;
    }

    /// <summary>4-wide nodes; leaf references index <see cref="Order"/>.</summary>
    public Bvh4Node[] Nodes { get; }

    /// <summary>Instance indices in leaf order.</summary>
    public int[] Order { get; }

    /// <summary>World bounds of everything.</summary>
    public Aabb Bounds { get; }

    /// <summary>Wall-clock time the build took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Builds over the given world boxes (empty boxes are left out of the tree).</summary>
    public static InstanceBvh Build(ReadOnlySpan<Aabb> instanceBounds)
    {
        var clock = Stopwatch.StartNew();
        var present = new List<int>(instanceBounds.Length);
        var boxes = new List<Aabb>(instanceBounds.Length);
        var all = Aabb.Empty;
        for (var i = 0; i < instanceBounds.Length; i++)
        {
            if (!instanceBounds[i].IsEmpty)
            {
                present.Add(i);
                boxes.Add(instanceBounds[i]);
                all = Aabb.Union(all, instanceBounds[i]);
            }
        }

        // One instance per leaf: its own box is then tested before the ray is transformed into it.
        var (binary, order) = BinnedSahBuilder.Build(boxes.ToArray(), maxLeafSize: 1);
        var nodes = Bvh4Collapser.Collapse(binary, Bvh4Node.EncodeLeaf);
        var instances = order.Select(i => present[i]).ToArray();
        return new InstanceBvh(nodes, instances, all, clock.Elapsed);
    }
}
