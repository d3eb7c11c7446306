using OrleansBridge.Cache;

namespace OrleansBridge.Scene.Elements;

/// <summary>
/// Triangle geometry whose arrays live in the cache as little-endian binary: positions and normals
/// float32 xyz, uvs float32 uv, tangents float32 xyzw (w = handedness), indices uint32 (absent:
/// consecutive triples of vertices). Vertex attributes hold <see cref="VertexCount"/> entries each.
/// </summary>
/// <param name="Positions">Vertex positions (required).</param>
/// <param name="VertexCount">Number of vertices.</param>
/// <param name="Indices">Triangle indices, or null for a non-indexed list.</param>
/// <param name="IndexCount">Number of indices (a multiple of 3); 0 when <paramref name="Indices"/> is null.</param>
/// <param name="Normals">Vertex normals, or null to generate them.</param>
/// <param name="Uvs">Texture coordinates (set 0), or null.</param>
/// <param name="Tangents">Tangents for normal mapping, or null to derive them.</param>
/// <param name="Material">The default material element's name, or null for the default material.</param>
public sealed record MeshElement(
    ContentHash Positions,
    int VertexCount,
    ContentHash? Indices = null,
    int IndexCount = 0,
    ContentHash? Normals = null,
    ContentHash? Uvs = null,
    ContentHash? Tangents = null,
    string? Material = null) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "mesh";

    /// <summary>Triangles in the mesh.</summary>
    public int TriangleCount => (Indices is null ? VertexCount : IndexCount) / 3;
}
