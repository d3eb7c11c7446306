namespace OrleansBridge.Cache;

/// <summary>Deletions limited to one tenant's entries: what a tenant's own garbage collection may remove.</summary>
internal sealed partial class CacheLedgerGrain
{
    public async Task<IReadOnlyList<CacheEntryInfo>> DeleteUnpinnedChargedToAsync(string tenant, IReadOnlyList<CacheEntryInfo> candidates)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(candidates);
        await RefreshAsync(); // Charges another silo persisted decide ownership here too.

        // Filtered and deleted in one turn: no charge can change hands in between.
        var own = candidates.Where(c => _charges.TryGetValue(c.Hash, out var charge) && charge.Tenant == tenant).ToList();
        return own.Count == 0 ? [] : await DeleteUnpinnedAsync(own);
    }
}
