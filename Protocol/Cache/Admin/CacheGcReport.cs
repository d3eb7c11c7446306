namespace OrleansBridge.Cache.Admin;

/// <summary>What one mark-and-sweep pass over a cache did (POST <c>/admin/cache/gc</c>, <c>bridge cache gc</c>).</summary>
/// <param name="Cache">The cache's spec, secrets hidden.</param>
/// <param name="MinimumAgeSeconds">Entries stored more recently than this were kept.</param>
/// <param name="Scanned">Entries listed.</param>
/// <param name="Deleted">Entries deleted: unpinned and old enough.</param>
/// <param name="DeletedBytes">Their bytes.</param>
/// <param name="KeptPinned">Old enough but pinned by a session or snapshot.</param>
/// <param name="KeptRecent">Younger than the minimum age.</param>
/// <param name="Seconds">How long the pass took.</param>
/// <param name="Tenant">The tenant whose entries the pass was limited to; null for an operator's pass over every entry.</param>
/// <param name="KeptOtherTenants">Old enough and unpinned, but charged to another tenant or to none (a tenant's pass only).</param>
public sealed record CacheGcReport(
    string Cache,
    double MinimumAgeSeconds,
    long Scanned,
    long Deleted,
    long DeletedBytes,
    long KeptPinned,
    long KeptRecent,
    double Seconds,
    string? Tenant = null,
    long KeptOtherTenants = 0);
