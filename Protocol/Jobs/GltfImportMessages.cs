using System.Text.Json.Serialization;

namespace OrleansBridge.Jobs;

/// <summary>
/// Input of the <c>gltf.import</c> job (docs/jobs.md): the file and its resources are already in the
/// application's cache.
/// </summary>
/// <param name="Source">Hash of the .glb or .gltf file.</param>
/// <param name="Resources">For a .gltf: each external URI exactly as the file writes it → hash of that file.</param>
/// <param name="Prefix">Prepended to every element name; empty for none.</param>
/// <param name="Replace">True: the elements already under the prefix (all, for an empty prefix) are removed first. False: merge; a name taken is a conflict.</param>
public sealed record GltfImportJobInput(string Source, IReadOnlyDictionary<string, string>? Resources = null, string Prefix = "imported/", bool Replace = false);

/// <summary>Result of the <c>gltf.import</c> job.</summary>
/// <param name="Manifest">The new head's manifest hash.</param>
/// <param name="Version">The new head's version.</param>
/// <param name="Prefix">The prefix the element names carry.</param>
/// <param name="Elements">Elements the file made (the scene root joins the head's when there is one).</param>
/// <param name="Meshes">Mesh elements.</param>
/// <param name="Materials">Material elements.</param>
/// <param name="Textures">Texture elements.</param>
/// <param name="Lights">Light elements.</param>
/// <param name="Cameras">Camera element names.</param>
/// <param name="CameraInstances">Instances placing the cameras; the first is the scene's camera unless the scene had one.</param>
/// <param name="Triangles">Triangles of the meshes.</param>
/// <param name="Vertices">Vertices of the meshes.</param>
/// <param name="BlobsStored">Bulk entries (arrays, images) the cache did not hold and the job stored.</param>
/// <param name="Unsupported">What the file holds that was not imported.</param>
public sealed record GltfImportJobResult(
    string Manifest,
    long Version,
    string Prefix,
    int Elements,
    int Meshes,
    int Materials,
    int Textures,
    int Lights,
    IReadOnlyList<string> Cameras,
    IReadOnlyList<string> CameraInstances,
    long Triangles,
    long Vertices,
    int BlobsStored,
    IReadOnlyList<GltfImportFeature> Unsupported);

/// <summary>A feature of a glTF file that was not imported.</summary>
/// <param name="Feature">A short stable name (<c>skin</c>, <c>animation</c>, an extension's name …).</param>
/// <param name="Detail">Where it was found and what became of it.</param>
public sealed record GltfImportFeature(string Feature, string Detail);

/// <summary>Source-generated JSON of the <c>gltf.import</c> job: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GltfImportJobInput))]
[JsonSerializable(typeof(GltfImportJobResult))]
public sealed partial class GltfJobJson : JsonSerializerContext;
