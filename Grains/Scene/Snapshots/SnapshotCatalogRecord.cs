using OrleansBridge.Scene.Snapshots;

namespace OrleansBridge.Scene;

/// <summary>The persisted state of a snapshot grain: every snapshot by name.</summary>
internal sealed record SnapshotCatalogRecord(Dictionary<string, SnapshotInfo> Snapshots);
