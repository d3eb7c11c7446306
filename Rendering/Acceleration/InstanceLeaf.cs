using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Leaf intersector of the instance BVH: moves the ray into each instance's object space and traverses
/// that instance's mesh BVH, with the alpha filter when the material needs one. Ray parameters are
/// preserved by the transform (the direction is not renormalised), so one <see cref="SurfaceHit"/>.T
/// bounds every instance.
/// </summary>
internal struct InstanceLeaf : ILeafIntersector
{
    private readonly RenderScene _scene;
    private readonly Ray _ray;
    private readonly bool _anyHit;

    /// <summary>Intersects <paramref name="ray"/> (world space) with the instances of <paramref name="scene"/>.</summary>
    public InstanceLeaf(RenderScene scene, in Ray ray, bool anyHit)
    {
        _scene = scene;
        _ray = ray;
        _anyHit = anyHit;
    }

    /// <inheritdoc />
    public bool Intersect(int first, int count, ref SurfaceHit hit)
    {
        var order = _scene.InstanceBvh.Order;
        for (var i = first; i < first + count; i++)
        {
            var index = order[i];
            ref readonly var instance = ref _scene.Instances[index];
            var local = instance.IsIdentity ? _ray : _ray.Transform(instance.WorldToObject);
            var bvh = _scene.MeshBvhs[instance.Mesh];
            bool blocked;
            if (!instance.IsAlphaTested)
            {
                blocked = _anyHit ? bvh.Occluded(local, ref hit, index, default(AcceptAllHits)) : Closest(bvh, local, ref hit, index, default(AcceptAllHits));
            }
            else
            {
                var filter = _scene.CreateAlphaFilter(index, _ray);
                blocked = _anyHit ? bvh.Occluded(local, ref hit, index, filter) : Closest(bvh, local, ref hit, index, filter);
            }

            if (blocked)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Closest<TFilter>(MeshBvh bvh, in Ray ray, ref SurfaceHit hit, int instance, TFilter filter)
        where TFilter : struct, IHitFilter
    {
        bvh.Intersect(ray, ref hit, instance, filter);
        return false;
    }
}
