namespace OrleansBridge.Scene.Gltf;

/// <summary>A feature of the file the import did not carry over, with where it was found.</summary>
/// <param name="Feature">A short stable name: <c>skin</c>, <c>morphTargets</c>, <c>animation</c>, an extension's name, …</param>
/// <param name="Detail">Where and what, e.g. <c>meshes[2].primitives[0]: 2 morph targets ignored</c>.</param>
public sealed record GltfUnsupported(string Feature, string Detail);
