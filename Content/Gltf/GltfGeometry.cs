using System.Numerics;

namespace OrleansBridge.Scene.Gltf;

/// <summary>Geometry helpers of the import: normals for primitives without them, node transforms.</summary>
public static class GltfGeometry
{
    /// <summary>
    /// Face normals of a non-indexed triangle list, one per vertex (every vertex of a triangle gets
    /// its triangle's normal): glTF 2.0 §3.7.2.1's flat normals. Degenerate triangles get +Z.
    /// </summary>
    public static float[] FlatNormals(ReadOnlySpan<float> positions)
    {
        var normals = new float[positions.Length];
        for (var t = 0; t + 9 <= positions.Length; t += 9)
        {
            var n = FaceNormal(positions, t, t + 3, t + 6);
            n = n.LengthSquared() > 0 ? Vector3.Normalize(n) : Vector3.UnitZ;
            for (var v = 0; v < 3; v++)
            {
                n.CopyTo(normals, t + (v * 3));
            }
        }

        return normals;
    }

    /// <summary>
    /// Smooth normals of an indexed triangle list: each vertex's normal is the normalised sum of the
    /// unnormalised face normals (twice the triangle's area) around it, so big faces weigh more.
    /// </summary>
    public static float[] SmoothNormals(ReadOnlySpan<float> positions, ReadOnlySpan<uint> indices)
    {
        var sums = new Vector3[positions.Length / 3];
        for (var t = 0; t + 3 <= indices.Length; t += 3)
        {
            var n = FaceNormal(positions, (int)indices[t] * 3, (int)indices[t + 1] * 3, (int)indices[t + 2] * 3);
            sums[indices[t]] += n;
            sums[indices[t + 1]] += n;
            sums[indices[t + 2]] += n;
        }

        var normals = new float[positions.Length];
        for (var v = 0; v < sums.Length; v++)
        {
            (sums[v].LengthSquared() > 0 ? Vector3.Normalize(sums[v]) : Vector3.UnitZ).CopyTo(normals, v * 3);
        }

        return normals;
    }

    /// <summary>
    /// A node's local matrix, column-major: <c>T · R · S</c> from translation, rotation (unit quaternion
    /// x, y, z, w) and scale (glTF 2.0 §3.5.3). Absent parts are identity.
    /// </summary>
    public static float[] ComposeTrs(float[]? translation, float[]? rotation, float[]? scale)
    {
        var t = translation is null ? Vector3.Zero : new Vector3(translation[0], translation[1], translation[2]);
        var q = rotation is null ? Quaternion.Identity : Quaternion.Normalize(new Quaternion(rotation[0], rotation[1], rotation[2], rotation[3]));
        var s = scale is null ? Vector3.One : new Vector3(scale[0], scale[1], scale[2]);

        // System.Numerics uses row vectors (v · M), so its S·R·T is glTF's column-vector T·R·S, and its
        // row-major storage read row by row is the column-major order glTF writes.
        var m = Matrix4x4.CreateScale(s) * Matrix4x4.CreateFromQuaternion(q) * Matrix4x4.CreateTranslation(t);
        return
        [
            m.M11, m.M12, m.M13, m.M14,
            m.M21, m.M22, m.M23, m.M24,
            m.M31, m.M32, m.M33, m.M34,
            m.M41, m.M42, m.M43, m.M44,
        ];
    }

    private static Vector3 FaceNormal(ReadOnlySpan<float> p, int a, int b, int c)
    {
        var pa = new Vector3(p[a], p[a + 1], p[a + 2]);
        var pb = new Vector3(p[b], p[b + 1], p[b + 2]);
        var pc = new Vector3(p[c], p[c + 1], p[c + 2]);
        return Vector3.Cross(pb - pa, pc - pa);
    }
}
