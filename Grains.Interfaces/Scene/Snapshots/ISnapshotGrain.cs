using Orleans;

namespace OrleansBridge.Scene.Snapshots;

/// <summary>
/// The snapshots of one application and tenant (key: <see cref="SnapshotKeys.For"/>), persisted; each
/// pins its manifest, elements and bulk data in the cache ledger until it is removed.
/// </summary>
[Alias("bridge.snapshot")]
public interface ISnapshotGrain : IGrainWithStringKey
{
    /// <summary>
    /// Saves the head of session <paramref name="sessionId"/>'s scene as <paramref name="name"/> (a
    /// generated name when null); incremental relative to that session's previous snapshot.
    /// </summary>
    Task<SceneOutcome<SnapshotInfo>> SaveAsync(string sessionId, string? name, bool incremental);

    /// <summary>Every snapshot, oldest first.</summary>
    Task<IReadOnlyList<SnapshotInfo>> ListAsync();

    /// <summary>One snapshot, or <see cref="Protocol.ErrorCode.SnapshotNotFound"/>.</summary>
    Task<SceneOutcome<SnapshotInfo>> GetAsync(string name);

    /// <summary>Removes a snapshot and releases its pins.</summary>
    Task<SceneOutcome<SnapshotInfo>> RemoveAsync(string name);
}
