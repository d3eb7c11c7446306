namespace OrleansBridge.Cache;

/// <summary>
/// Who holds cache entries against deletion. A live session pins what it uploaded or asked about, its
/// scene pins what its committed head references, a snapshot pins what its manifests reference. Pins of a <see cref="Durable"/> owner are persisted;
/// a session's are kept in memory only, because a session does not survive a restart of the server
/// (docs/architecture.md), so neither should its pins.
/// </summary>
/// <param name="Id">A stable id, unique across kinds: <c>session:&lt;id&gt;</c>, <c>snapshot:&lt;application&gt;/&lt;name&gt;</c>.</param>
/// <param name="Tenant">The tenant the owner belongs to, charged for what its uploads store.</param>
/// <param name="Durable">True when the pins must outlive the process.</param>
public sealed record PinOwner(string Id, string Tenant, bool Durable)
{
    /// <summary>A live session: pins in memory, released when the session closes.</summary>
    public static PinOwner Session(string sessionId, string tenant) => new($"session:{sessionId}", tenant, Durable: false);

    /// <summary>
    /// The committed scene of a live session: pins its head (manifest, elements, bulk data), in memory,
    /// released when the session closes. It never uploads, so it carries no tenant.
    /// </summary>
    public static PinOwner Scene(string sessionId) => new($"scene:{sessionId}", string.Empty, Durable: false);

    /// <summary>A snapshot of an application: pins persisted until the snapshot is removed.</summary>
    public static PinOwner Snapshot(string application, string name, string tenant) => new($"snapshot:{application}/{name}", tenant, Durable: true);
}
