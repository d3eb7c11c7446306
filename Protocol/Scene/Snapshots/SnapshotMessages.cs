using System.Text.Json;

namespace OrleansBridge.Scene.Snapshots;

// Parameters and results of the snapshot.* methods (docs/protocol.md §6.6).

/// <summary>Parameters of <c>snapshot.save</c>.</summary>
public sealed record SnapshotSaveParams(string? Name = null, bool Incremental = false);

/// <summary>Parameters naming a snapshot (<c>snapshot.export</c>, <c>snapshot.remove</c>).</summary>
public sealed record SnapshotNameParams(string Snapshot);

/// <summary>
/// Parameters of <c>snapshot.import</c>: a snapshot by name, or an exported <see cref="SnapshotFile"/>;
/// <c>replace</c> or <c>merge</c> (with a prefix).
/// </summary>
public sealed record SnapshotImportParams(string? Snapshot = null, JsonElement? File = null, string Mode = "replace", string? Prefix = null);

/// <summary>The result of <c>snapshot.list</c>.</summary>
public sealed record SnapshotListResult(IReadOnlyList<SnapshotInfo> Snapshots);
