using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Writes scene elements as a glTF 2.0 asset through SharpGLTF: meshes with their arrays, materials
/// with KHR_materials_emissive_strength and KHR_texture_transform, textures with their encoded
/// images (EXT_texture_webp for WebP) and samplers, KHR_lights_punctual lights, perspective cameras,
/// and the scene's instances as nodes. It inverts the importer's mapping (docs/gltf.md): a group of
/// identity primitive instances <c>mesh/X/p/instance</c> is one glTF mesh of several primitives, a
/// group <c>node/N/group</c> is node N with its mesh, camera, light and children, so importing an
/// export of an import gives the same elements. Pure: bulk data comes through the caller's reader.
/// </summary>
public static partial class GltfExporter
{
    /// <summary>Exports the scene whose root is the one <see cref="SceneRootElement"/> of <paramref name="elements"/>.</summary>
    /// <param name="elements">A whole scene by element name.</param>
    /// <param name="blob">Returns the bytes of a blob by hash, or null when it is not available.</param>
    public static GltfExportResult Export(IReadOnlyDictionary<string, SceneElement> elements, Func<ContentHash, ReadOnlyMemory<byte>?> blob)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            var model = new GltfExportWriter(elements, blob).Write();
            return GltfExportResult.Ok(model);
        }
        catch (GltfFormatException ex)
        {
            return GltfExportResult.Fail(ex.Code, ex.Message);
        }
    }
}
