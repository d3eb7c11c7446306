using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Up to four triangles of one BVH leaf in structure-of-arrays form, 160 bytes: component c of vertex v
/// for all four triangles is one <see cref="Vector128{T}"/>, so one ray is tested against the four
/// triangles at once (<see cref="PackLeaf{TFilter}"/>). Lanes without a triangle have primitive −1.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TrianglePack
{
    /// <summary>Vertex components in the order v0.x, v0.y, v0.z, v1.x, … v2.z, four lanes each.</summary>
    public PackVertices Vertices;

    /// <summary>Triangle index in the mesh per lane, −1 for an empty lane.</summary>
    public Vector128<int> Primitive;

    /// <summary>Packs the 1..4 triangles listed in <paramref name="order"/> (one leaf's slice of the primitive order).</summary>
    public static TrianglePack Create(Vector3[] positions, int[] indices, ReadOnlySpan<int> order)
    {
        Span<float> components = stackalloc float[9 * 4];
        Span<int> primitives = stackalloc int[4];
        for (var lane = 0; lane < 4; lane++)
        {
            // Empty lanes repeat the first triangle: finite numbers, masked out by their primitive.
            var p = order[lane < order.Length ? lane : 0];
            primitives[lane] = lane < order.Length ? p : -1;
            for (var v = 0; v < 3; v++)
            {
                var vertex = positions[indices[(3 * p) + v]];
                components[(((3 * v) + 0) * 4) + lane] = vertex.X;
                components[(((3 * v) + 1) * 4) + lane] = vertex.Y;
                components[(((3 * v) + 2) * 4) + lane] = vertex.Z;
            }
        }

        var pack = default(TrianglePack);
        for (var i = 0; i < 9; i++)
        {
            pack.Vertices[i] = Vector128.Create(components.Slice(i * 4, 4));
        }

        pack.Primitive = Vector128.Create(primitives);
        return pack;
    }

    /// <summary>Vertex <paramref name="vertex"/> of the triangle in <paramref name="lane"/>.</summary>
    public readonly Vector3 Vertex(int vertex, int lane) => new(
        Vertices[3 * vertex].GetElement(lane),
        Vertices[(3 * vertex) + 1].GetElement(lane),
        Vertices[(3 * vertex) + 2].GetElement(lane));
}
