using System.Buffers.Binary;
using System.Text.Json;
using OrleansBridge.Jobs;
using OrleansBridge.Protocol;

namespace OrleansBridge.Client;

/// <summary>glTF import: upload a .glb or .gltf with its resources, then run <c>gltf.import</c> (docs/gltf.md).</summary>
public sealed partial class BridgeSession
{
    /// <summary>
    /// Imports a glTF 2.0 file into the session's scene in one commit. The file and, for a .gltf, the
    /// buffers and images it names by relative URI (looked up next to it) are uploaded first, each
    /// hashed and asked for before it is sent, so nothing the cache holds travels again. Progress reports
    /// the uploads (progress 0) and then the job. A refused file throws <see cref="BridgeRequestException"/>
    /// with its code (4730–4735, or 4604 when a name under the prefix is taken); the scene is then unchanged.
    /// </summary>
    public async Task<GltfImportJobResult> ImportGltfAsync(string path, GltfImportRequest? options = null, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new GltfImportRequest();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var resources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uri in ExternalUris(await File.ReadAllBytesAsync(path, cancellationToken)))
        {
            var resourcePath = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(uri)));
            if (!File.Exists(resourcePath))
            {
                throw new BridgeRequestException(ErrorCode.GltfResourceMissing, $"'{uri}', which {Path.GetFileName(path)} refers to, is not at {resourcePath}.");
            }

            progress?.Report(new JobProgress(0, $"uploading {uri}", null));
            resources[uri] = (await UploadAsync(resourcePath, cancellationToken: cancellationToken)).Hash.ToString();
        }

        progress?.Report(new JobProgress(0, $"uploading {Path.GetFileName(path)}", null));
        var source = await UploadAsync(path, cancellationToken: cancellationToken);
        var input = JsonSerializer.SerializeToElement(
            new GltfImportJobInput(source.Hash.ToString(), resources, options.Prefix, options.Replace), GltfJobJson.Default.GltfImportJobInput);
        var result = await RunJobAsync("gltf.import", input, progress, cancellationToken);
        return result.Deserialize(GltfJobJson.Default.GltfImportJobResult)
            ?? throw new BridgeRequestException(ErrorCode.InternalError, "gltf.import answered without a result.");
    }

    /// <summary>The buffer and image URIs of a .gltf or .glb that are not embedded (<c>data:</c>); empty for unreadable JSON (the server says why).</summary>
    private static List<string> ExternalUris(byte[] file)
    {
        var json = file.AsMemory();
        if (file.Length >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(file) == 0x46546C67)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
            json = length <= file.Length - 20 ? file.AsMemory(20, (int)length) : Memory<byte>.Empty;
        }

        var uris = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var array in new[] { "buffers", "images" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    uris.AddRange(items.EnumerateArray()
                        .Select(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String ? uri.GetString() : null)
                        .OfType<string>()
                        .Where(uri => !uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase)));
                }
            }
        }
        catch (JsonException)
        {
            // The server refuses the file with a message naming the problem.
        }

        return [.. uris.Distinct(StringComparer.Ordinal)];
    }
}
