using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// What a BVH traversal does at a leaf, as a struct generic argument so that the call is inlined and
/// specialised per use (triangles of a mesh, instances of a scene) instead of a virtual call per leaf.
/// </summary>
internal interface ILeafIntersector
{
    /// <summary>
    /// Intersects primitives [<paramref name="first"/>, first + <paramref name="count"/>) of the leaf
    /// order, shrinking <paramref name="hit"/>.T on closer hits. Returns true to end the traversal (an
    /// occlusion query found a blocker).
    /// </summary>
    bool Intersect(int first, int count, ref SurfaceHit hit);
}
