using System.Text.Json;
using Orleans;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using OrleansBridge.Scene.Snapshots;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Jobs;

/// <summary>
/// <c>scene.export</c> (docs/jobs.md, docs/gltf.md): writes the session's committed head, or a
/// snapshot of its tenant, as glTF 2.0 through <see cref="GltfExporter"/> (GLB, or .gltf with its
/// .bin and images) and stores the files in the application's cache for the client to download,
/// pinned for the session (as <c>render.still</c> pins its image) so eviction cannot take them before
/// the download. The scene is not changed.
/// </summary>
internal sealed class SceneExportJob(ApplicationCaches caches, SessionCacheRegistry sessionCaches, IGrainFactory grains) : IJob
{
    /// <summary>Bulk data read for one export at most: the exporter works on whole arrays in memory.</summary>
    internal const long MaxBulkBytes = 1L << 30;

    public string Name => "scene.export";

    public string Id => "orleansbridge.scene-export/1";

    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        var cancel = context.Cancellation;
        SceneExportJobInput? parsed;
        try
        {
            parsed = input.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? new SceneExportJobInput()
                : input.ValueKind == JsonValueKind.Object ? input.Deserialize(SceneExportJson.Default.SceneExportJobInput) : null;
        }
        catch (JsonException)
        {
            parsed = null;
        }

        var format = parsed?.Format ?? "glb";
        var name = parsed?.Name ?? "scene";
        if (parsed is null || format is not ("glb" or "gltf") || name.Length is 0 or > 100 || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name.StartsWith('.'))
        {
            return JobResult.Fail(ErrorCode.InvalidArgument,
                "input must be {\"format\"?: \"glb\"|\"gltf\", \"snapshot\"?: string, \"name\"?: file name without extension (1–100 characters, no / or \\)}.");
        }

        var cache = caches.For(context.Application).Cache;
        var blobs = new CacheBlobSource(cache);
        IReadOnlyDictionary<string, SceneElement> elements;
        ContentHash manifest;
        if (parsed.Snapshot is { } snapshotName)
        {
            var snapshot = await grains.GetGrain<ISnapshotGrain>(SnapshotKeys.For(context.Application, context.Tenant)).GetAsync(snapshotName);
            if (snapshot.Value is null)
            {
                return JobResult.Fail(snapshot.Error, snapshot.Message);
            }

            manifest = snapshot.Value.Manifest;
            var loaded = await SceneElementsLoader.LoadAsync(manifest, blobs, cancel);
            if (loaded.Elements is null)
            {
                return JobResult.Fail(loaded.Error, loaded.Message ?? ErrorCodes.Describe(loaded.Error));
            }

            elements = loaded.Elements;
        }
        else
        {
            manifest = (await context.Scene.GetHeadAsync()).Manifest;
            elements = await context.Scene.GetElementsAsync(null);
        }

        await context.Progress.ReportAsync(0.1, $"{elements.Count} elements");
        var bulk = new Dictionary<ContentHash, ReadOnlyMemory<byte>>();
        long read = 0;
        foreach (var hash in elements.Values.SelectMany(Bulk).Distinct())
        {
            var entry = await blobs.ReadAsync(hash, MaxBulkBytes - read, cancel);
            if (!entry.Succeeded)
            {
                return JobResult.Fail(entry.Error, $"Bulk data {hash}: {entry.Message}");
            }

            bulk[hash] = entry.Bytes;
            read += entry.Bytes.Length;
        }

        await context.Progress.ReportAsync(0.4, $"read {read} bytes of bulk data");
        var exported = GltfExporter.Export(elements, hash => bulk.TryGetValue(hash, out var bytes) ? bytes : null);
        if (!exported.Succeeded)
        {
            return JobResult.Fail(exported.Error, exported.Message ?? ErrorCodes.Describe(exported.Error));
        }

        IReadOnlyList<(string Name, byte[] Bytes)> files = format == "glb"
            ? [($"{name}.glb", exported.ToGlb())]
            : [.. exported.ToGltf($"{name}.gltf").OrderBy(f => f.Key.EndsWith(".gltf", StringComparison.Ordinal) ? 0 : 1).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value))];
        var written = new List<SceneExportFile>();
        foreach (var (fileName, bytes) in files)
        {
            var hash = ContentHash.Compute(bytes);
            var put = await cache.PutAsync(hash, new MemoryStream(bytes, writable: false), cancel);
            if (!put.Succeeded)
            {
                return JobResult.Fail(put.Error, $"Storing {fileName} failed: {put.Detail}");
            }

            written.Add(new SceneExportFile(fileName, hash.ToString(), bytes.Length));
        }

        // The session's cache state is created now, so the pins are released when the session closes.
        var owner = sessionCaches.For(new RequestContext(context.SessionId, context.Application, context.Tenant, context.Time)).Owner;
        await grains.GetGrain<ICacheLedgerGrain>(caches.For(context.Application).Id).PinAsync(owner, [.. written.Select(f => ContentHash.Parse(f.Hash))]);
        await context.Progress.ReportAsync(1, $"{written.Count} files, {written.Sum(f => f.Bytes)} bytes");
        var result = new SceneExportJobResult(format, manifest.ToString(), elements.Count, written);
        return JobResult.Ok(JsonSerializer.SerializeToElement(result, SceneExportJson.Default.SceneExportJobResult));
    }

    private static IEnumerable<ContentHash> Bulk(SceneElement element) => element switch
    {
        MeshElement mesh => new[] { mesh.Positions, mesh.Indices, mesh.Normals, mesh.Uvs, mesh.Tangents }.OfType<ContentHash>(),
        TextureElement texture => [texture.Image],
        _ => [],
    };
}
