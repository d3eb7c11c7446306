using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Jobs;
using OrleansBridge.Protocol;

namespace OrleansBridge.Client;

/// <summary>glTF export: run <c>scene.export</c> and download the files it wrote (docs/gltf.md).</summary>
public sealed partial class BridgeSession
{
    /// <summary>
    /// Exports the session's committed scene, or the snapshot <paramref name="snapshot"/>, to
    /// <paramref name="path"/>: a <c>.glb</c> (one file) or a <c>.gltf</c> with its <c>.bin</c> and images
    /// written beside it under the names the .gltf uses. Every file is downloaded from the cache and
    /// checked against its hash. Returns the job's result.
    /// </summary>
    public async Task<SceneExportJobResult> ExportGltfAsync(string path, string? snapshot = null, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".glb" or ".gltf"))
        {
            throw new ArgumentException($"'{path}' must end in .glb or .gltf.", nameof(path));
        }

        var input = new SceneExportJobInput(extension[1..], snapshot, Path.GetFileNameWithoutExtension(path));
        var result = (await RunJobAsync("scene.export", JsonSerializer.SerializeToElement(input, SceneExportJson.Default.SceneExportJobInput), progress, cancellationToken))
            .Deserialize(SceneExportJson.Default.SceneExportJobResult)
            ?? throw new BridgeRequestException(ErrorCode.InternalError, "scene.export answered without a result.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        foreach (var file in result.Files)
        {
            // The job names files after the requested name; never let a name leave the folder.
            var target = Path.GetFullPath(Path.Combine(folder, Path.GetFileName(file.Name)));
            if (!ContentHash.TryParse(file.Hash, out var hash))
            {
                throw new BridgeRequestException(ErrorCode.InternalError, $"scene.export gave {file.Name} the hash '{file.Hash}'.");
            }

            progress?.Report(new JobProgress(1, $"downloading {file.Name}", null));
            await using var stream = File.Create(target);
            await DownloadAsync(hash, stream, cancellationToken);
        }

        return result;
    }
}
