using OrleansBridge.Cache;

namespace OrleansBridge.Scene.Snapshots;

/// <summary>A saved snapshot: a named pointer to a committed manifest (docs/protocol.md §6.6).</summary>
/// <param name="Name">The snapshot's name, unique per application and tenant.</param>
/// <param name="Manifest">The manifest's hash.</param>
/// <param name="Parent">The snapshot an incremental snapshot was taken relative to; null for a full one.</param>
/// <param name="Size">Bytes of everything the snapshot pins: manifest, elements, bulk data.</param>
/// <param name="StoredBytes">Bytes the snapshot stores beyond its parent: the manifest and the elements not in the parent.</param>
/// <param name="Elements">Elements in the manifest.</param>
/// <param name="Created">When it was saved.</param>
/// <param name="Tenant">The tenant that owns it.</param>
/// <param name="Session">The session that saved it (the base of that session's next incremental snapshot).</param>
public sealed record SnapshotInfo(
    string Name,
    ContentHash Manifest,
    string? Parent,
    long Size,
    long StoredBytes,
    int Elements,
    DateTimeOffset Created,
    string Tenant,
    string Session);
