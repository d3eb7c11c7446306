using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// One placement of a mesh with a material: a glTF node's primitive. A glTF mesh with several
/// primitives becomes several instances sharing the node's transform, which keeps geometry (cached
/// and BVH-indexed by mesh identity) apart from the material that shades it.
/// </summary>
public sealed record InstanceData
{
    /// <summary>Index into <see cref="SceneDescription.Meshes"/>.</summary>
    public required int Mesh { get; init; }

    /// <summary>Index into <see cref="SceneDescription.Materials"/>; null uses the glTF default material.</summary>
    public int? Material { get; init; }

    /// <summary>
    /// Object-to-world transform: the node's global matrix. System.Numerics uses row vectors, so the
    /// sixteen floats of a glTF column-major <c>matrix</c> load into M11, M12, … M44 in their stored
    /// order (translation lands in M41..M43).
    /// </summary>
    public Matrix4x4 Transform { get; init; } = Matrix4x4.Identity;
}
