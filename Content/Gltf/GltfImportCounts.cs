namespace OrleansBridge.Scene.Gltf;

/// <summary>What an import produced.</summary>
/// <param name="Meshes">Mesh elements (one per triangle primitive).</param>
/// <param name="Materials">Material elements.</param>
/// <param name="Textures">Texture elements.</param>
/// <param name="Lights">Light elements.</param>
/// <param name="Cameras">Camera elements.</param>
/// <param name="Instances">Instance elements.</param>
/// <param name="Groups">Group elements.</param>
/// <param name="Triangles">Triangles of all mesh elements.</param>
/// <param name="Vertices">Vertices of all mesh elements.</param>
public sealed record GltfImportCounts(int Meshes, int Materials, int Textures, int Lights, int Cameras, int Instances, int Groups, long Triangles, long Vertices);
