using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Leaf intersector of a mesh BVH: the watertight test against the leaf's triangles, then the any-hit
/// filter, recording the closest accepted hit (or stopping at the first one for occlusion queries).
/// </summary>
/// <typeparam name="TFilter">Any-hit filter, a struct so that the opaque case compiles away.</typeparam>
internal struct TriangleLeaf<TFilter> : ILeafIntersector
    where TFilter : struct, IHitFilter
{
    private readonly BvhTriangle[] _triangles;
    private readonly TriangleRay _ray;
    private readonly int _instance;
    private readonly bool _anyHit;
#pragma warning disable IDE0044 // Mutable on purpose: a readonly generic field would be copied before every Accept call.
    private TFilter _filter;
#pragma warning restore IDE0044

    /// <summary>Intersects <paramref name="triangles"/> with <paramref name="ray"/> on behalf of an instance.</summary>
    public TriangleLeaf(BvhTriangle[] triangles, in Ray ray, int instance, bool anyHit, TFilter filter)
    {
        _triangles = triangles;
        _ray = new TriangleRay(ray);
        _instance = instance;
        _anyHit = anyHit;
        _filter = filter;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Intersect(int first, int count, ref SurfaceHit hit)
    {
        ref var triangle = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_triangles), first);
        for (var i = 0; i < count; i++, triangle = ref Unsafe.Add(ref triangle, 1))
        {
            if (WatertightTriangle.Intersect(_ray, triangle.V0, triangle.V1, triangle.V2, hit.T, out var t, out var b1, out var b2)
                && _filter.Accept(triangle.Primitive, b1, b2))
            {
                hit.T = t;
                hit.U = b1;
                hit.V = b2;
                hit.Instance = _instance;
                hit.Primitive = triangle.Primitive;
                if (_anyHit)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
