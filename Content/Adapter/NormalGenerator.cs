using System.Numerics;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// Vertex normals for a mesh that has none: each triangle adds its unnormalised cross product (its
/// normal weighted by twice its area) to its three vertices, then each sum is normalised. Vertices
/// shared between triangles get a smooth normal; a mesh whose triangles share no vertices (every
/// non-indexed mesh) gets the flat face normals glTF prescribes for meshes without normals.
/// </summary>
public static class NormalGenerator
{
    /// <summary>Area-weighted vertex normals; a vertex of degenerate triangles only gets +Y.</summary>
    public static Vector3[] Smooth(ReadOnlySpan<Vector3> positions, ReadOnlySpan<int> indices)
    {
        var normals = new Vector3[positions.Length];
        for (var i = 0; i + 2 < indices.Length; i += 3)
        {
            int a = indices[i], b = indices[i + 1], c = indices[i + 2];
            var n = Vector3.Cross(positions[b] - positions[a], positions[c] - positions[a]);
            normals[a] += n;
            normals[b] += n;
            normals[c] += n;
        }

        for (var i = 0; i < normals.Length; i++)
        {
            var length = normals[i].Length();
            normals[i] = length > 0f && float.IsFinite(length) ? normals[i] / length : Vector3.UnitY;
        }

        return normals;
    }
}
