using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The six box planes of a <see cref="Bvh4Node"/>, four children per plane, in the order min x, min y,
/// min z, max x, max y, max z. Indexing by plane number lets traversal pick each axis's near and far
/// plane once per ray from the sign of the direction (index 0..2 or 3..5), which replaces the min/max
/// sorting of the slab test.
/// </summary>
[InlineArray(6)]
internal struct Bvh4Planes
{
    private Vector128<float> _plane;
}
