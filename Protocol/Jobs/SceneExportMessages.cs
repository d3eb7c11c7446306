using System.Text.Json.Serialization;

namespace OrleansBridge.Jobs;

/// <summary>Input of the <c>scene.export</c> job (docs/jobs.md).</summary>
/// <param name="Format"><c>glb</c> (one file, the default) or <c>gltf</c> (JSON with a .bin and the images beside it).</param>
/// <param name="Snapshot">A snapshot of the session's tenant to export instead of the committed head.</param>
/// <param name="Name">The file name without extension (default <c>scene</c>): <c>NAME.glb</c>, or <c>NAME.gltf</c> + <c>NAME.bin</c> + images.</param>
public sealed record SceneExportJobInput(string? Format = null, string? Snapshot = null, string? Name = null);

/// <summary>Result of <c>scene.export</c>: the files written, each stored in the application's cache.</summary>
/// <param name="Format"><c>glb</c> or <c>gltf</c>.</param>
/// <param name="Manifest">The manifest exported (the head's, or the snapshot's).</param>
/// <param name="Elements">Elements in that manifest.</param>
/// <param name="Files">The main file first (<c>.glb</c> or <c>.gltf</c>), then its resources; download each by hash (<c>cache.download</c>).</param>
public sealed record SceneExportJobResult(string Format, string Manifest, int Elements, IReadOnlyList<SceneExportFile> Files);

/// <summary>One exported file.</summary>
/// <param name="Name">Its file name; a .gltf refers to its resources by these names.</param>
/// <param name="Hash">Its SHA-256 in the cache.</param>
/// <param name="Bytes">Its length.</param>
public sealed record SceneExportFile(string Name, string Hash, long Bytes);

/// <summary>Source-generated JSON of the <c>scene.export</c> job: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SceneExportJobInput))]
[JsonSerializable(typeof(SceneExportJobResult))]
public sealed partial class SceneExportJson : JsonSerializerContext;
