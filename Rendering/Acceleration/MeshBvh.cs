using System.Diagnostics;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The bottom-level acceleration structure of one mesh: a binned-SAH BVH collapsed to 4 wide, with the
/// triangles copied into leaf order. Immutable once built and depending on the geometry alone, so one
/// instance is shared by every scene and every instance placing the same mesh
/// (see <see cref="MeshBvhCache"/>).
/// </summary>
public sealed class MeshBvh
{
    /// <summary>Leaf size bound of the builder: small leaves suit the 4-wide box test.</summary>
    internal const int MaxLeafSize = 4;

    private MeshBvh(string meshId, BinaryNode[] binary, Bvh4Node[] nodes, BvhTriangle[] triangles, TimeSpan buildTime)
    {
        MeshId = meshId;
        BinaryNodes = binary;
        Nodes = nodes;
        Triangles = triangles;
        BuildTime = buildTime;
        Bounds = new Aabb(binary[0].Min, binary[0].Max);
    }

    /// <summary>Identity of the mesh this was built from.</summary>
    public string MeshId { get; }

    /// <summary>Object-space bounds of the mesh.</summary>
    public Aabb Bounds { get; }

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Triangles.Length;

    /// <summary>Wall-clock time the build took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Number of 4-wide nodes.</summary>
    public int NodeCount => Nodes.Length;

    internal BinaryNode[] BinaryNodes { get; }

    internal Bvh4Node[] Nodes { get; }

    internal BvhTriangle[] Triangles { get; }

    /// <summary>Builds the BVH of <paramref name="mesh"/>.</summary>
    public static MeshBvh Build(MeshData mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var clock = Stopwatch.StartNew();
        var count = mesh.TriangleCount;
        var positions = mesh.Positions;
        var indices = mesh.Indices;
        var bounds = new Aabb[count];
        for (var i = 0; i < count; i++)
        {
            var a = positions[indices[3 * i]];
            var b = positions[indices[(3 * i) + 1]];
            var c = positions[indices[(3 * i) + 2]];
            bounds[i] = new Aabb(System.Numerics.Vector3.Min(a, System.Numerics.Vector3.Min(b, c)), System.Numerics.Vector3.Max(a, System.Numerics.Vector3.Max(b, c)));
        }

        var (binary, order) = BinnedSahBuilder.Build(bounds, MaxLeafSize);
        var triangles = new BvhTriangle[count];
        for (var i = 0; i < count; i++)
        {
            var p = order[i];
            triangles[i] = new BvhTriangle
            {
                V0 = positions[indices[3 * p]],
                V1 = positions[indices[(3 * p) + 1]],
                V2 = positions[indices[(3 * p) + 2]],
                Primitive = p,
            };
        }

        var nodes = Bvh4Collapser.Collapse(binary);
        return new MeshBvh(mesh.Id, binary, nodes, triangles, clock.Elapsed);
    }

    /// <summary>Closest hit along an object-space ray, recorded for <paramref name="instance"/>.</summary>
    internal void Intersect<TFilter>(in Ray ray, ref SurfaceHit hit, int instance, TFilter filter)
        where TFilter : struct, IHitFilter
    {
        var leaf = new TriangleLeaf<TFilter>(Triangles, ray, instance, anyHit: false, filter);
        Bvh4Traversal.Traverse(Nodes, ray, ref hit, ref leaf);
    }

    /// <summary>True when any accepted triangle lies along the ray before <paramref name="hit"/>.T.</summary>
    internal bool Occluded<TFilter>(in Ray ray, ref SurfaceHit hit, int instance, TFilter filter)
        where TFilter : struct, IHitFilter
    {
        var leaf = new TriangleLeaf<TFilter>(Triangles, ray, instance, anyHit: true, filter);
        return Bvh4Traversal.Traverse(Nodes, ray, ref hit, ref leaf);
    }

    /// <summary>Closest hit through the scalar binary BVH (benchmark and test reference).</summary>
    internal void IntersectBinary(in Ray ray, ref SurfaceHit hit, int instance)
    {
        var leaf = new TriangleLeaf<AcceptAllHits>(Triangles, ray, instance, anyHit: false, default);
        BinaryTraversal.Traverse(BinaryNodes, ray, ref hit, ref leaf);
    }
}
