namespace OrleansBridge.Cache.Admin;

/// <summary>A cache's contents and use (GET <c>/admin/cache/stats</c>, <c>bridge cache stats</c>).</summary>
/// <param name="Cache">The cache's spec, secrets hidden.</param>
/// <param name="Entries">Entries stored.</param>
/// <param name="Bytes">Their bytes.</param>
/// <param name="PinnedEntries">Entries some session or snapshot pins.</param>
/// <param name="PinnedBytes">Their bytes.</param>
/// <param name="Hits">Keys found, counted on <c>cache.query</c> and on reads, since the server started.</param>
/// <param name="Misses">Keys not found, counted the same way.</param>
/// <param name="HitRate">Hits / (hits + misses); 0 before any lookup.</param>
/// <param name="BudgetBytes">The size budget of a <c>path:</c> cache with LRU eviction; null when none.</param>
/// <param name="TenantBytes">Bytes charged per tenant (the measure of <c>MaxTenantCacheBytes</c>).</param>
public sealed record CacheStatsReport(
    string Cache,
    long Entries,
    long Bytes,
    long PinnedEntries,
    long PinnedBytes,
    long Hits,
    long Misses,
    double HitRate,
    long? BudgetBytes,
    IReadOnlyDictionary<string, long> TenantBytes);
