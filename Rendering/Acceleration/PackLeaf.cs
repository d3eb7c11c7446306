using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Leaf intersector of a mesh BVH over <see cref="TrianglePack"/>s: the watertight test of Woop, Benthin
/// and Wald (2013) on four triangles at once, then the any-hit filter on the candidates from nearest to
/// farthest. Lane for lane it computes the same floats as <see cref="WatertightTriangle"/> (same axis
/// permutation, shear, operation order and double-precision fallback on edges), so it stays watertight
/// and its hits equal the scalar test's bit for bit.
/// </summary>
/// <remarks>
/// Measured against testing the same packs one triangle at a time (<see cref="PackScalarLeaf"/>) in
/// <c>bench render</c>, 131k-triangle terrain, one thread: 4.6 vs 3.7 Mrays/s for primary rays, 3.8 vs
/// 2.6 for diffuse-bounce rays.
/// </remarks>
/// <typeparam name="TFilter">Any-hit filter, a struct so that the opaque case compiles away.</typeparam>
internal struct PackLeaf<TFilter> : ILeafIntersector
    where TFilter : struct, IHitFilter
{
    private readonly TrianglePack[] _packs;
    private readonly PackRay _ray;
    private readonly int _instance;
    private readonly bool _anyHit;
#pragma warning disable IDE0044 // Mutable on purpose: a readonly generic field would be copied before every Accept call.
    private TFilter _filter;
#pragma warning restore IDE0044

    /// <summary>Intersects <paramref name="packs"/> with <paramref name="ray"/> on behalf of an instance.</summary>
    public PackLeaf(TrianglePack[] packs, in Ray ray, int instance, bool anyHit, TFilter filter)
    {
        _packs = packs;
        _ray = new PackRay(ray);
        _instance = instance;
        _anyHit = anyHit;
        _filter = filter;
    }

    /// <inheritdoc />
    public bool Intersect(int first, int count, ref SurfaceHit hit)
    {
        ref var pack = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_packs), first);
        for (var i = 0; i < count; i++, pack = ref Unsafe.Add(ref pack, 1))
        {
            if (IntersectPack(ref pack, ref hit))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IntersectPack(ref TrianglePack pack, ref SurfaceHit hit)
    {
        // By reference: the ray constants are 112 bytes, and the axis indices are in range by construction.
        ref readonly var r = ref _ray;
        ref var v0 = ref Unsafe.As<PackVertices, Vector128<float>>(ref pack.Vertices);
        ref var v1 = ref Unsafe.Add(ref v0, 3);
        ref var v2 = ref Unsafe.Add(ref v0, 6);
        var az0 = Unsafe.Add(ref v0, r.Kz) - r.OriginZ;
        var bz0 = Unsafe.Add(ref v1, r.Kz) - r.OriginZ;
        var cz0 = Unsafe.Add(ref v2, r.Kz) - r.OriginZ;
        var ax = Unsafe.Add(ref v0, r.Kx) - r.OriginX - (r.ShearX * az0);
        var ay = Unsafe.Add(ref v0, r.Ky) - r.OriginY - (r.ShearY * az0);
        var bx = Unsafe.Add(ref v1, r.Kx) - r.OriginX - (r.ShearX * bz0);
        var by = Unsafe.Add(ref v1, r.Ky) - r.OriginY - (r.ShearY * bz0);
        var cx = Unsafe.Add(ref v2, r.Kx) - r.OriginX - (r.ShearX * cz0);
        var cy = Unsafe.Add(ref v2, r.Ky) - r.OriginY - (r.ShearY * cz0);

        var u = (cx * by) - (cy * bx);
        var v = (ax * cy) - (ay * cx);
        var w = (bx * ay) - (by * ax);
        var valid = Vector128.GreaterThanOrEqual(pack.Primitive, Vector128<int>.Zero).AsSingle();
        var zero = Vector128<float>.Zero;
        var onEdge = (Vector128.Equals(u, zero) | Vector128.Equals(v, zero) | Vector128.Equals(w, zero)) & valid;
        if (onEdge != zero)
        {
            RecomputeInDouble(onEdge.ExtractMostSignificantBits(), ax, ay, bx, by, cx, cy, ref u, ref v, ref w);
        }

        var negative = Vector128.LessThan(u, zero) | Vector128.LessThan(v, zero) | Vector128.LessThan(w, zero);
        var positive = Vector128.GreaterThan(u, zero) | Vector128.GreaterThan(v, zero) | Vector128.GreaterThan(w, zero);
        var det = u + v + w;
        var scaledT = (u * (r.ShearZ * az0)) + (v * (r.ShearZ * bz0)) + (w * (r.ShearZ * cz0));
        var sign = det & Vector128.Create(-0f);
        var signedT = scaledT ^ sign;
        var absDet = det ^ sign;
        var accept = Vector128.AndNot(valid, negative & positive)
            & ~Vector128.Equals(det, zero)
            & Vector128.GreaterThan(signedT, zero)
            & Vector128.LessThan(signedT, Vector128.Create(hit.T) * absDet);
        var mask = accept.ExtractMostSignificantBits();
        if (mask == 0)
        {
            return false;
        }

        var inverse = Vector128<float>.One / det;
        var t = scaledT * inverse;

        // Nearest candidate first; the filter may reject it and let the next one through.
        while (mask != 0)
        {
            var lane = BitOperations.TrailingZeroCount(mask);
            for (var rest = mask & (mask - 1); rest != 0; rest &= rest - 1)
            {
                var other = BitOperations.TrailingZeroCount(rest);
                if (t.GetElement(other) < t.GetElement(lane))
                {
                    lane = other;
                }
            }

            var primitive = pack.Primitive.GetElement(lane);
            var b1 = v.GetElement(lane) * inverse.GetElement(lane);
            var b2 = w.GetElement(lane) * inverse.GetElement(lane);
            if (_filter.Accept(primitive, b1, b2))
            {
                hit.T = t.GetElement(lane);
                hit.U = b1;
                hit.V = b2;
                hit.Instance = _instance;
                hit.Primitive = primitive;
                return _anyHit;
            }

            mask &= ~(1u << lane);
        }

        return false;
    }

    /// <summary>The double-precision edge functions of section 3.4 for the lanes in <paramref name="lanes"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecomputeInDouble(uint lanes, Vector128<float> ax, Vector128<float> ay, Vector128<float> bx, Vector128<float> by, Vector128<float> cx, Vector128<float> cy, ref Vector128<float> u, ref Vector128<float> v, ref Vector128<float> w)
    {
        for (; lanes != 0; lanes &= lanes - 1)
        {
            var i = BitOperations.TrailingZeroCount(lanes);
            u = u.WithElement(i, (float)(((double)cx.GetElement(i) * by.GetElement(i)) - ((double)cy.GetElement(i) * bx.GetElement(i))));
            v = v.WithElement(i, (float)(((double)ax.GetElement(i) * cy.GetElement(i)) - ((double)ay.GetElement(i) * cx.GetElement(i))));
            w = w.WithElement(i, (float)(((double)bx.GetElement(i) * ay.GetElement(i)) - ((double)by.GetElement(i) * ax.GetElement(i))));
        }
    }
}
