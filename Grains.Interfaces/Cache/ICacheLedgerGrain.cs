using Orleans;

namespace OrleansBridge.Cache;

/// <summary>
/// One per cache (key: the cache's id, derived from its spec; every application using the spec shares
/// it). It is the cache's pin set and quota ledger: which owners pin which entries, what each tenant
/// has been charged for the entries its uploads stored, and which uploads have reserved quota. All
/// deletions (garbage collection, LRU eviction) go through <see cref="DeleteUnpinnedAsync"/>, one turn
/// at a time with pinning, so an entry pinned before a deletion's turn is never deleted, and a query
/// that pins before it looks can trust what it sees.
/// </summary>
[Alias("bridge.cacheledger")]
public interface ICacheLedgerGrain : IGrainWithStringKey
{
    /// <summary>Adds pins of <paramref name="owner"/> on <paramref name="hashes"/> (absent entries may be pinned: they are about to be uploaded).</summary>
    Task PinAsync(PinOwner owner, IReadOnlyCollection<ContentHash> hashes);

    /// <summary>
    /// Makes <paramref name="hashes"/> the owner's whole reference list: pins what is new, unpins what
    /// is no longer listed (a scene's new head, a snapshot rewritten).
    /// </summary>
    Task SetPinsAsync(PinOwner owner, IReadOnlyCollection<ContentHash> hashes);

    /// <summary>Removes pins of one owner on some entries.</summary>
    Task UnpinAsync(string ownerId, IReadOnlyCollection<ContentHash> hashes);

    /// <summary>Removes every pin and quota reservation of an owner (a session closed, a snapshot was removed).</summary>
    Task ReleaseAsync(string ownerId);

    /// <summary>
    /// Before an upload: pins the entry for the owner and reserves <paramref name="length"/> bytes of the
    /// owner's tenant quota under <paramref name="reservationId"/> (unique per upload). Refuses with
    /// <see cref="Protocol.ErrorCode.CacheQuotaExceeded"/>, pinning nothing, when the tenant's charged plus
    /// reserved bytes would pass <paramref name="tenantQuota"/> (0: no quota).
    /// </summary>
    Task<CacheResult> ReserveAsync(PinOwner owner, string reservationId, ContentHash hash, long length, long tenantQuota);

    /// <summary>
    /// After an upload: when <paramref name="stored"/>, the entry is charged to the reserving tenant;
    /// either way the reservation is dropped. A reservation already dropped (its owner released) is ignored.
    /// </summary>
    Task SettleAsync(string reservationId, ContentHash hash, bool stored);

    /// <summary>
    /// Deletes from the cache those <paramref name="candidates"/> that no owner pins now, and credits
    /// their charges back to the tenants. Returns the entries deleted.
    /// </summary>
    Task<IReadOnlyList<CacheEntryInfo>> DeleteUnpinnedAsync(IReadOnlyList<CacheEntryInfo> candidates);

    /// <summary>
    /// Like <see cref="DeleteUnpinnedAsync"/>, limited to the candidates charged to <paramref name="tenant"/>
    /// (stored by its uploads): a tenant's garbage collection never deletes another tenant's entries,
    /// nor entries charged to nobody.
    /// </summary>
    Task<IReadOnlyList<CacheEntryInfo>> DeleteUnpinnedChargedToAsync(string tenant, IReadOnlyList<CacheEntryInfo> candidates);

    /// <summary>The pinned keys and the bytes charged per tenant.</summary>
    Task<CacheLedgerStatus> GetStatusAsync();
}

/// <summary>A cache ledger's state as seen from outside.</summary>
/// <param name="Pinned">Every key some owner pins now.</param>
/// <param name="Owners">How many owners hold pins.</param>
/// <param name="TenantBytes">Bytes charged per tenant for entries their uploads stored (the quota's measure).</param>
/// <param name="ReservedBytes">Bytes reserved by uploads in progress.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("bridge.CacheLedgerStatus")]
public sealed record CacheLedgerStatus(
    IReadOnlySet<ContentHash> Pinned,
    int Owners,
    IReadOnlyDictionary<string, long> TenantBytes,
    long ReservedBytes);
