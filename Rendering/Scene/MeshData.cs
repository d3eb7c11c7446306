using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// Triangle geometry of one glTF primitive (mode TRIANGLES), in object space. The arrays are the
/// primitive's accessors read as they are: a later scene-database adapter maps a mesh element to this
/// record without reinterpreting anything.
/// </summary>
/// <remarks>
/// The geometry is immutable once handed to the renderer: <see cref="Id"/> is its identity (the cache
/// hash of the geometry blobs in the product), and the per-mesh BVH is cached and shared under it.
/// Two meshes with the same id must carry the same positions and indices.
/// </remarks>
public sealed record MeshData
{
    /// <summary>Identity of the geometry; the key of the per-mesh BVH cache.</summary>
    public required string Id { get; init; }

    /// <summary>POSITION: object-space vertex positions (metres in glTF).</summary>
    public required Vector3[] Positions { get; init; }

    /// <summary>Three vertex indices per triangle, counter-clockwise front faces (glTF).</summary>
    public required int[] Indices { get; init; }

    /// <summary>NORMAL: unit vertex normals; without them the triangles shade flat.</summary>
    public Vector3[]? Normals { get; init; }

    /// <summary>TEXCOORD_0: glTF convention, (0, 0) is the top-left corner of the image.</summary>
    public Vector2[]? TexCoords { get; init; }

    /// <summary>TANGENT: xyz along +U, w = ±1 handedness; bitangent = cross(normal, tangent) · w.</summary>
    public Vector4[]? Tangents { get; init; }

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;
}
