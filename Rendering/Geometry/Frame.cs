using System.Numerics;

namespace OrleansBridge.Rendering.Geometry;

/// <summary>
/// An orthonormal frame: the shading space in which BSDFs work, with <see cref="N"/> as local +Z.
/// </summary>
/// <param name="T">Local +X (tangent).</param>
/// <param name="B">Local +Y (bitangent).</param>
/// <param name="N">Local +Z (normal).</param>
public readonly record struct Frame(Vector3 T, Vector3 B, Vector3 N)
{
    /// <summary>
    /// A frame around a unit normal without a preferred tangent: Duff et al., "Building an Orthonormal
    /// Basis, Revisited", JCGT 6(1), 2017 (branchless, no singularity at n.z = −1).
    /// </summary>
    public static Frame FromNormal(Vector3 n)
    {
        var sign = MathF.CopySign(1f, n.Z);
        var a = -1f / (sign + n.Z);
        var b = n.X * n.Y * a;
        var t = new Vector3(1f + (sign * n.X * n.X * a), sign * b, -sign * n.X);
        var bt = new Vector3(b, sign + (n.Y * n.Y * a), -n.Y);
        return new Frame(t, bt, n);
    }

    /// <summary>
    /// A frame around unit normal <paramref name="n"/> whose tangent follows <paramref name="tangent"/>
    /// (Gram-Schmidt); falls back to <see cref="FromNormal"/> when the tangent is parallel to n.
    /// <paramref name="handedness"/> (±1) flips the bitangent for mirrored texture coordinates.
    /// </summary>
    public static Frame FromNormalTangent(Vector3 n, Vector3 tangent, float handedness)
    {
        var t = tangent - (Vector3.Dot(n, tangent) * n);
        var length = t.Length();
        if (!(length > 1e-8f))
        {
            return FromNormal(n);
        }

        t /= length;
        return new Frame(t, Vector3.Cross(n, t) * handedness, n);
    }

    /// <summary>World direction to local coordinates.</summary>
    public Vector3 ToLocal(Vector3 v) => new(Vector3.Dot(v, T), Vector3.Dot(v, B), Vector3.Dot(v, N));

    /// <summary>Local coordinates to a world direction.</summary>
    public Vector3 ToWorld(Vector3 v) => (v.X * T) + (v.Y * B) + (v.Z * N);
}
