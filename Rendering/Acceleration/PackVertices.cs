using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The nine vertex-component vectors of a <see cref="TrianglePack"/> (v0.x, v0.y, v0.z, v1.x, … v2.z).
/// Indexed access lets the watertight test fetch each vertex's components in the ray's permuted axis
/// order (kx, ky, kz) with one offset per ray instead of shuffling every vector.
/// </summary>
[InlineArray(9)]
internal struct PackVertices
{
    private Vector128<float> _component;
}
