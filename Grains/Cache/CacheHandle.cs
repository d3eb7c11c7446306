using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Cache;

/// <summary>
/// One cache as the grains use it: the backend opened from a spec (one instance per spec, shared by
/// every application and session that names it), its id (the key of its <see cref="ICacheLedgerGrain"/>),
/// its hit/miss counters and its size budget. Reads through here are counted and, on a <c>path:</c>
/// cache, mark the entry as recently used for LRU eviction.
/// </summary>
public sealed class CacheHandle
{
    private readonly TimeProvider _time;
    private long _trackedBytes = -1;

    internal CacheHandle(string id, string description, IContentCache cache, long budgetBytes, TimeProvider time)
    {
        Id = id;
        Description = description;
        Cache = cache;
        BudgetBytes = budgetBytes;
        _time = time;
    }

    /// <summary>The key of the cache's ledger grain: derived from the spec, never showing it.</summary>
    public string Id { get; }

    /// <summary>The spec as it may be printed (secrets hidden).</summary>
    public string Description { get; }

    /// <summary>The backend.</summary>
    public IContentCache Cache { get; }

    /// <summary>Lookups found and not found.</summary>
    public CacheStatistics Statistics { get; } = new();

    /// <summary>The LRU size budget of a <c>path:</c> cache; 0 for none.</summary>
    public long BudgetBytes { get; }

    /// <summary>Serialises budget enforcement, so two uploads finishing at once do not both evict.</summary>
    internal SemaphoreSlim BudgetGate { get; } = new(1, 1);

    /// <summary>The cache's size as last measured plus what was stored since; -1 when unknown (measure again).</summary>
    internal long TrackedBytes
    {
        get => Interlocked.Read(ref _trackedBytes);
        set => Interlocked.Exchange(ref _trackedBytes, value);
    }

    /// <summary>Opens an entry for reading, counting a hit or a miss and marking it used.</summary>
    public async Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var opened = await Cache.OpenReadAsync(hash, cancellationToken);
        var found = opened.Succeeded;
        Statistics.Record(found ? 1 : 0, found || opened.Error != ErrorCode.CacheEntryNotFound ? 0 : 1);
        if (found)
        {
            MarkUsed([hash]);
        }

        return opened;
    }

    /// <summary>Records a use of entries for LRU eviction (only a <c>path:</c> cache keeps this).</summary>
    public void MarkUsed(IEnumerable<ContentHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (Cache is FolderContentCache folder)
        {
            var now = _time.GetUtcNow();
            foreach (var hash in hashes)
            {
                folder.MarkUsed(hash, now);
            }
        }
    }

    /// <summary>Notes a new entry, for the budget's running total.</summary>
    internal void NoteStored(long length)
    {
        if (Interlocked.Read(ref _trackedBytes) >= 0)
        {
            Interlocked.Add(ref _trackedBytes, length);
        }
    }
}
