using System.Numerics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// A triangle's vertices copied into BVH leaf order, 40 bytes, so a leaf's triangles are contiguous in
/// memory and traversal never touches the index buffer. <see cref="Primitive"/> is the triangle's index
/// in its mesh, which shading uses to find normals and texture coordinates.
/// </summary>
internal struct BvhTriangle
{
    /// <summary>First vertex.</summary>
    public Vector3 V0;

    /// <summary>Second vertex.</summary>
    public Vector3 V1;

    /// <summary>Third vertex.</summary>
    public Vector3 V2;

    /// <summary>Index of the triangle in its mesh.</summary>
    public int Primitive;
}
