using System.Runtime.Intrinsics;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Benchmark reference: the leaves of the 4-wide BVH tested one triangle at a time with the scalar
/// watertight test, to measure what the 4-lane triangle test (<see cref="PackLeaf{TFilter}"/>) gains.
/// </summary>
internal struct PackScalarLeaf : ILeafIntersector
{
    private readonly TrianglePack[] _packs;
    private readonly TriangleRay _ray;
    private readonly int _instance;

    /// <summary>Intersects <paramref name="packs"/> with <paramref name="ray"/> on behalf of an instance.</summary>
    public PackScalarLeaf(TrianglePack[] packs, in Ray ray, int instance)
    {
        _packs = packs;
        _ray = new TriangleRay(ray);
        _instance = instance;
    }

    /// <inheritdoc />
    public readonly bool Intersect(int first, int count, ref SurfaceHit hit)
    {
        for (var p = first; p < first + count; p++)
        {
            ref readonly var pack = ref _packs[p];
            for (var lane = 0; lane < 4; lane++)
            {
                var primitive = pack.Primitive.GetElement(lane);
                if (primitive >= 0
                    && WatertightTriangle.Intersect(_ray, pack.Vertex(0, lane), pack.Vertex(1, lane), pack.Vertex(2, lane), hit.T, out var t, out var b1, out var b2))
                {
                    hit.T = t;
                    hit.U = b1;
                    hit.V = b2;
                    hit.Instance = _instance;
                    hit.Primitive = primitive;
                }
            }
        }

        return false;
    }
}
