using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Protocol;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Scene.Snapshots;

namespace OrleansBridge.Client;

/// <summary>Typed calls of the <c>snapshot.*</c> methods (docs/protocol.md §6.6); an error code throws <see cref="BridgeRequestException"/>.</summary>
public sealed partial class BridgeSession
{
    /// <summary>Saves this session's committed scene: full, or incremental relative to this session's previous snapshot.</summary>
    public Task<SnapshotInfo> SaveSnapshotAsync(string? name = null, bool incremental = false, CancellationToken cancellationToken = default) =>
        CallAsync("snapshot.save", new SnapshotSaveParams(name, incremental), SnapshotJson.Default.SnapshotSaveParams, SnapshotJson.Default.SnapshotInfo, cancellationToken);

    /// <summary>The application's snapshots of this session's tenant, oldest first.</summary>
    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("snapshot.list", default(JsonElement), ProtocolJson.Default.JsonElement, SnapshotJson.Default.SnapshotListResult, cancellationToken)).Snapshots;

    /// <summary>Imports a snapshot into this session's scene as one commit; merge needs a <paramref name="prefix"/>.</summary>
    public Task<CommitResult> ImportSnapshotAsync(string snapshot, SceneImportMode mode = SceneImportMode.Replace, string? prefix = null, CancellationToken cancellationToken = default) =>
        CallAsync("snapshot.import", new SnapshotImportParams(snapshot, null, ModeName(mode), prefix), SnapshotJson.Default.SnapshotImportParams, SceneJson.Default.CommitResult, cancellationToken);

    /// <summary>Imports an exported snapshot file (<see cref="ExportSnapshotAsync"/>); its format version is checked by the server.</summary>
    public Task<CommitResult> ImportSnapshotFileAsync(JsonElement file, SceneImportMode mode = SceneImportMode.Replace, string? prefix = null, CancellationToken cancellationToken = default) =>
        CallAsync("snapshot.import", new SnapshotImportParams(null, file, ModeName(mode), prefix), SnapshotJson.Default.SnapshotImportParams, SceneJson.Default.CommitResult, cancellationToken);

    /// <summary>The snapshot file of a snapshot: format version, name, manifest hash, parent, cache location without secrets.</summary>
    public Task<SnapshotFile> ExportSnapshotAsync(string snapshot, CancellationToken cancellationToken = default) =>
        CallAsync("snapshot.export", new SnapshotNameParams(snapshot), SnapshotJson.Default.SnapshotNameParams, SnapshotJson.Default.SnapshotFile, cancellationToken);

    /// <summary>Removes a snapshot; what only it pinned becomes collectable.</summary>
    public Task<SnapshotInfo> RemoveSnapshotAsync(string snapshot, CancellationToken cancellationToken = default) =>
        CallAsync("snapshot.remove", new SnapshotNameParams(snapshot), SnapshotJson.Default.SnapshotNameParams, SnapshotJson.Default.SnapshotInfo, cancellationToken);

    private static string ModeName(SceneImportMode mode) => mode == SceneImportMode.Merge ? "merge" : "replace";

    private async Task<TResult> CallAsync<TParams, TResult>(string method, TParams parameters, JsonTypeInfo<TParams> parametersInfo, JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, parameters, parametersInfo, cancellationToken);
        return response.IsSuccess
            ? response.Result.Deserialize(resultInfo) ?? throw new BridgeRequestException(ErrorCode.InvalidArgument, $"{method} returned no result.")
            : throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
    }
}
