using System.Text.Json;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Converts a glTF 2.0 asset (GLB, or .gltf JSON with its resources) into scene elements
/// (docs/gltf.md): meshes, materials, textures, lights, cameras, instances, groups and a scene root,
/// every name under <see cref="GltfImportOptions.Prefix"/>. Pure: no cache, no grain, no I/O; external
/// buffers and images come through the caller's resolver. A malformed or unsupported-required file is
/// refused with a code (4730–4739) and a message naming the problem; nothing partial is returned.
/// </summary>
public static class GltfImporter
{
    /// <summary>The extensions whose meaning the importer carries over (and so may appear in extensionsRequired).</summary>
    public static IReadOnlySet<string> SupportedExtensions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "KHR_lights_punctual",
        "KHR_materials_emissive_strength",
        "KHR_materials_ior",
        "KHR_materials_transmission",
        "KHR_materials_volume",
        "KHR_materials_clearcoat",
        "KHR_materials_specular",
        "KHR_materials_sheen",
        "KHR_texture_transform",
        "KHR_mesh_quantization",
        "EXT_texture_webp",
    };

    /// <summary>Imports one file.</summary>
    /// <param name="file">The .glb or .gltf bytes.</param>
    /// <param name="resolveUri">Returns the bytes of a buffer or image by its URI exactly as written in the file, or null when not supplied.</param>
    /// <param name="options">Prefix, normal generation, limits.</param>
    public static GltfImportResult Import(ReadOnlyMemory<byte> file, Func<string, ReadOnlyMemory<byte>?> resolveUri, GltfImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(resolveUri);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var (json, bin) = GltfContainer.Split(file);
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return GltfImportResult.Fail(ErrorCode.GltfMalformed, "The glTF JSON is not an object.");
            }

            return new GltfReader(document.RootElement, bin, resolveUri, options).Read();
        }
        catch (GltfFormatException ex)
        {
            return GltfImportResult.Fail(ex.Code, ex.Message);
        }
        catch (JsonException ex)
        {
            return GltfImportResult.Fail(ErrorCode.GltfMalformed, $"The glTF JSON is invalid: {ex.Message}");
        }
    }
}
