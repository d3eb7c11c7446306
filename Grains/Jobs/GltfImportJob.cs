using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Gltf;

namespace OrleansBridge.Jobs;

/// <summary>
/// <c>gltf.import</c> (docs/jobs.md, docs/gltf.md): reads a .glb or .gltf and its resources from the
/// application's cache, converts it with <see cref="GltfImporter"/>, stores the bulk data the cache
/// lacks, and applies every element in one transaction of the session's scene, merged under the
/// prefix or replacing what is under it. A refused file or commit leaves the scene as it was.
/// </summary>
internal sealed partial class GltfImportJob(ApplicationCaches caches, ILogger<GltfImportJob> logger) : IJob
{
    /// <summary>The file and its resources read into memory at most: the importer works on whole buffers.</summary>
    internal const long MaxInputBytes = 1L << 30;

    public string Name => "gltf.import";

    public string Id => "orleansbridge.gltf-import/1";

    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        var cancel = context.Cancellation;
        if (ParseInput(input, out var source, out var resources, out var prefix, out var replace) is { } invalid)
        {
            return invalid;
        }

        var cache = caches.For(context.Application).Cache;
        var files = await ReadInputsAsync(cache, source, resources, cancel);
        if (files.Error is { } readError)
        {
            return readError;
        }

        await context.Progress.ReportAsync(0.1, $"read {files.Bytes} bytes");
        var imported = GltfImporter.Import(files.Source, uri => Resolve(files.Resources, uri), new GltfImportOptions(prefix));
        cancel.ThrowIfCancellationRequested();
        if (!imported.Succeeded)
        {
            LogRefused(context.SessionId, source, (int)imported.Error, imported.Message ?? string.Empty);
            return JobResult.Fail(imported.Error, imported.Message ?? ErrorCodes.Describe(imported.Error));
        }

        await context.Progress.ReportAsync(0.4, $"{imported.Elements.Count} elements, {imported.Counts.Triangles} triangles");
        var stored = await StoreBlobsAsync(cache, imported, context, cancel);
        if (stored.Error is { } storeError)
        {
            return storeError;
        }

        var commit = await GltfSceneApply.ApplyAsync(context.Scene, imported, prefix, replace, cancel);
        if (commit.Error != ErrorCode.None)
        {
            LogRefused(context.SessionId, source, (int)commit.Error, commit.Message);
            return JobResult.Fail(commit.Error, commit.Message);
        }

        await context.Progress.ReportAsync(1, $"committed version {commit.Value!.Version}");
        var counts = imported.Counts;
        LogImported(context.SessionId, source, imported.Elements.Count, counts.Triangles, imported.Unsupported.Count);
        var result = new GltfImportJobResult(
            commit.Value.Manifest.ToString(), commit.Value.Version, prefix, imported.Elements.Count,
            counts.Meshes, counts.Materials, counts.Textures, counts.Lights, imported.Cameras, imported.CameraInstances,
            counts.Triangles, counts.Vertices, stored.Count, [.. imported.Unsupported.Select(u => new GltfImportFeature(u.Feature, u.Detail))]);
        return JobResult.Ok(JsonSerializer.SerializeToElement(result, GltfJobJson.Default.GltfImportJobResult));
    }

    private static JobResult? ParseInput(JsonElement input, out ContentHash source, out Dictionary<string, ContentHash> resources, out string prefix, out bool replace)
    {
        source = default;
        resources = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        prefix = string.Empty;
        replace = false;
        const string Shape = "input must be {\"source\": hash, \"resources\"?: {uri: hash}, \"prefix\"?: string, \"replace\"?: bool}.";
        GltfImportJobInput? parsed;
        try
        {
            parsed = input.ValueKind == JsonValueKind.Object ? input.Deserialize(GltfJobJson.Default.GltfImportJobInput) : null;
        }
        catch (JsonException ex)
        {
            return JobResult.Fail(ErrorCode.InvalidArgument, $"{Shape} It does not parse: {ex.Message}");
        }

        if (parsed is null || !ContentHash.TryParse(parsed.Source, out source))
        {
            return JobResult.Fail(ErrorCode.InvalidArgument, $"{Shape} source must be a cache key (64 lowercase hex).");
        }

        foreach (var (uri, text) in parsed.Resources ?? new Dictionary<string, string>())
        {
            if (!ContentHash.TryParse(text, out var hash))
            {
                return JobResult.Fail(ErrorCode.InvalidArgument, $"resources['{uri}'] must be a cache key (64 lowercase hex).");
            }

            resources[uri] = hash;
        }

        prefix = parsed.Prefix ?? string.Empty;
        replace = parsed.Replace;
        return prefix.Length > 200 || !SceneValidator.IsValidName(prefix + "scene")
            ? JobResult.Fail(ErrorCode.InvalidArgument, "prefix must be at most 200 characters without control characters.")
            : null;
    }

    /// <summary>A resource by the URI as the file writes it, or as percent-decoded (clients key files by either).</summary>
    private static ReadOnlyMemory<byte>? Resolve(Dictionary<string, byte[]> resources, string uri) =>
        resources.TryGetValue(uri, out var bytes) || resources.TryGetValue(Uri.UnescapeDataString(uri), out bytes)
            ? bytes
            : (ReadOnlyMemory<byte>?)null; // not a null byte[], which would convert to an empty buffer

    [LoggerMessage(EventId = LogEvents.GltfImported, Level = LogLevel.Information, Message = "Session {SessionId} imported glTF {Source}: {Elements} elements, {Triangles} triangles, {Unsupported} unsupported features")]
    private partial void LogImported(string sessionId, ContentHash source, int elements, long triangles, int unsupported);

    [LoggerMessage(EventId = LogEvents.GltfRefused, Level = LogLevel.Information, Message = "Session {SessionId}: glTF {Source} refused with {Code}: {Reason}")]
    private partial void LogRefused(string sessionId, ContentHash source, int code, string reason);
}
