using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The bottom-level acceleration structure of one mesh: a binned-SAH BVH collapsed to 4 wide, each leaf
/// one <see cref="TrianglePack"/> of up to four triangles tested together. Immutable once built and
/// depending on the geometry alone, so one instance is shared by every scene and every instance placing
/// the same mesh (see <see cref="MeshBvhCache"/>).
/// </summary>
public sealed class MeshBvh
{
    /// <summary>Leaf size bound of the builder: one leaf fills one 4-lane triangle pack.</summary>
    internal const int MaxLeafSize = 4;

    private MeshBvh(string meshId, Aabb bounds, Bvh4Node[] nodes, TrianglePack[] packs, int triangleCount, BinaryNode[]? binary, BvhTriangle[]? triangles, TimeSpan buildTime)
    {
        MeshId = meshId;
        Bounds = bounds;
        Nodes = nodes;
        Packs = packs;
        TriangleCount = triangleCount;
        BinaryNodes = binary;
        Triangles = triangles;
        BuildTime = buildTime;
    }

    /// <summary>Identity of the mesh this was built from.</summary>
    public string MeshId { get; }

    /// <summary>Object-space bounds of the mesh.</summary>
    public Aabb Bounds { get; }

    /// <summary>Number of triangles.</summary>
    public int TriangleCount { get; }

    /// <summary>Wall-clock time the build took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Number of 4-wide nodes.</summary>
    public int NodeCount => Nodes.Length;

    internal Bvh4Node[] Nodes { get; }

    internal TrianglePack[] Packs { get; }

    /// <summary>The binary tree, kept only on request (benchmarks and tests compare against it).</summary>
    internal BinaryNode[]? BinaryNodes { get; }

    /// <summary>Triangles in binary leaf order for <see cref="BinaryNodes"/>, kept only on request.</summary>
    internal BvhTriangle[]? Triangles { get; }

    /// <summary>Builds the BVH of <paramref name="mesh"/>.</summary>
    public static MeshBvh Build(MeshData mesh) => Build(mesh, keepBinary: false);

    /// <summary>Builds the BVH; <paramref name="keepBinary"/> also keeps the binary tree and a scalar triangle copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static MeshBvh Build(MeshData mesh, bool keepBinary)
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
            bounds[i] = new Aabb(Vector3.Min(a, Vector3.Min(b, c)), Vector3.Max(a, Vector3.Max(b, c)));
        }

        var (binary, order) = BinnedSahBuilder.Build(bounds, MaxLeafSize);
        var packs = new List<TrianglePack>((count / 2) + 1);
        var nodes = Bvh4Collapser.Collapse(binary, (first, leafCount) =>
        {
            packs.Add(TrianglePack.Create(positions, indices, order.AsSpan(first, leafCount)));
            return Bvh4Node.EncodeLeaf(packs.Count - 1, 1);
        });

        BvhTriangle[]? triangles = null;
        if (keepBinary)
        {
            triangles = new BvhTriangle[count];
            for (var i = 0; i < count; i++)
            {
                var p = order[i];
                triangles[i] = new BvhTriangle { V0 = positions[indices[3 * p]], V1 = positions[indices[(3 * p) + 1]], V2 = positions[indices[(3 * p) + 2]], Primitive = p };
            }
        }

        var box = new Aabb(binary[0].Min, binary[0].Max);
        return new MeshBvh(mesh.Id, box, nodes, [.. packs], count, keepBinary ? binary : null, triangles, clock.Elapsed);
    }

    /// <summary>Closest hit along an object-space ray, recorded for <paramref name="instance"/>.</summary>
    internal void Intersect<TFilter>(in Ray ray, ref SurfaceHit hit, int instance, TFilter filter)
        where TFilter : struct, IHitFilter
    {
        var leaf = new PackLeaf<TFilter>(Packs, ray, instance, anyHit: false, filter);
        Bvh4Traversal.Traverse(Nodes, ray, ref hit, ref leaf);
    }

    /// <summary>True when any accepted triangle lies along the ray before <paramref name="hit"/>.T.</summary>
    internal bool Occluded<TFilter>(in Ray ray, ref SurfaceHit hit, int instance, TFilter filter)
        where TFilter : struct, IHitFilter
    {
        var leaf = new PackLeaf<TFilter>(Packs, ray, instance, anyHit: true, filter);
        return Bvh4Traversal.Traverse(Nodes, ray, ref hit, ref leaf);
    }

    /// <summary>Closest hit through the 4-wide BVH with one scalar triangle test per triangle (benchmark reference).</summary>
    internal void IntersectScalarTriangles(in Ray ray, ref SurfaceHit hit, int instance)
    {
        var leaf = new PackScalarLeaf(Packs, ray, instance);
        Bvh4Traversal.Traverse(Nodes, ray, ref hit, ref leaf);
    }

    /// <summary>Closest hit through the scalar binary BVH (benchmark and test reference; needs keepBinary).</summary>
    internal void IntersectBinary(in Ray ray, ref SurfaceHit hit, int instance)
    {
        var leaf = new TriangleLeaf<AcceptAllHits>(Triangles ?? throw new InvalidOperationException("Built without the binary tree."), ray, instance, anyHit: false, default);
        BinaryTraversal.Traverse(BinaryNodes!, ray, ref hit, ref leaf);
    }
}
