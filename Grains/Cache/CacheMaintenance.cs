using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBridge.Cache.Admin;
using OrleansBridge.Logging;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Cache;

/// <summary>
/// Keeps caches in shape: mark-and-sweep garbage collection of unpinned entries, statistics, and
/// (in <c>.Budget</c>) LRU eviction of a <c>path:</c> cache past its size budget. The mark is the
/// ledger's pin set at the moment of each deletion: candidates are handed to
/// <see cref="ICacheLedgerGrain.DeleteUnpinnedAsync"/>, which deletes only what is unpinned in its own
/// turn, so a session that pins an entry before the sweep reaches it keeps it.
/// </summary>
public sealed partial class CacheMaintenance
{
    /// <summary>Entries listed per page: bounds the memory of one step of a sweep.</summary>
    private const int PageSize = 1000;

    private readonly IGrainFactory _grains;
    private readonly ContentCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CacheMaintenance> _logger;

    public CacheMaintenance(IGrainFactory grains, IOptions<ContentCacheOptions> options, TimeProvider time, ILogger<CacheMaintenance> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grains = grains;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The least age of an entry that garbage collection may delete unless an operator asks for less.</summary>
    public TimeSpan MinimumAge => _options.GcMinimumAge;

    /// <summary>
    /// Deletes every entry that no session or snapshot pins and that was stored at least
    /// <paramref name="minimumAge"/> ago (default <c>Bridge:Cache:GcMinimumAge</c>); with a
    /// <paramref name="tenant"/>, only the entries charged to that tenant.
    /// </summary>
    public async Task<CacheResult<CacheGcReport>> CollectAsync(CacheHandle cache, TimeSpan? minimumAge, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var age = minimumAge ?? _options.GcMinimumAge;
        var clock = Stopwatch.StartNew();
        var ledger = _grains.GetGrain<ICacheLedgerGrain>(cache.Id);
        var cutoff = _time.GetUtcNow() - age;
        long scanned = 0, deleted = 0, deletedBytes = 0, pinned = 0, recent = 0, others = 0;
        string? continuation = null;
        do
        {
            var page = await cache.Cache.ListAsync(continuation, PageSize, cancellationToken);
            if (!page.Succeeded)
            {
                return page.Status.As<CacheGcReport>();
            }

            var old = page.Value.Entries.Where(e => e.LastModified <= cutoff).ToList();
            var gone = old.Count == 0 ? []
                : tenant is null ? await ledger.DeleteUnpinnedAsync(old)
                : await ledger.DeleteUnpinnedChargedToAsync(tenant, old);
            scanned += page.Value.Entries.Count;
            recent += page.Value.Entries.Count - old.Count;
            if (tenant is null)
            {
                pinned += old.Count - gone.Count;
            }
            else
            {
                // Told apart only for the report: the ledger's turn decided what to delete.
                var status = await ledger.GetStatusAsync();
                var keptPinned = old.Count(e => status.Pinned.Contains(e.Hash) && !gone.Contains(e));
                pinned += keptPinned;
                others += old.Count - gone.Count - keptPinned;
            }

            deleted += gone.Count;
            deletedBytes += gone.Sum(e => e.Length);
            continuation = page.Value.Continuation;
        }
        while (continuation is not null);

        cache.TrackedBytes = -1; // Measure again before the next budget decision.
        var report = new CacheGcReport(cache.Description, age.TotalSeconds, scanned, deleted, deletedBytes, pinned, recent, clock.Elapsed.TotalSeconds, tenant, others);
        LogCollected(cache.Description, scanned, deleted, deletedBytes, pinned, recent);
        return CacheResult.Ok(report);
    }

    /// <summary>Entries, bytes, pinned bytes (from a full listing and the ledger), hit rate and tenant charges.</summary>
    public async Task<CacheResult<CacheStatsReport>> StatsAsync(CacheHandle cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var ledger = await _grains.GetGrain<ICacheLedgerGrain>(cache.Id).GetStatusAsync();
        long entries = 0, bytes = 0, pinnedEntries = 0, pinnedBytes = 0;
        string? continuation = null;
        do
        {
            var page = await cache.Cache.ListAsync(continuation, PageSize, cancellationToken);
            if (!page.Succeeded)
            {
                return page.Status.As<CacheStatsReport>();
            }

            foreach (var entry in page.Value.Entries)
            {
                entries++;
                bytes += entry.Length;
                if (ledger.Pinned.Contains(entry.Hash))
                {
                    pinnedEntries++;
                    pinnedBytes += entry.Length;
                }
            }

            continuation = page.Value.Continuation;
        }
        while (continuation is not null);

        var stats = cache.Statistics;
        return CacheResult.Ok(new CacheStatsReport(
            cache.Description, entries, bytes, pinnedEntries, pinnedBytes, stats.Hits, stats.Misses, stats.HitRate,
            cache.BudgetBytes > 0 ? cache.BudgetBytes : null, ledger.TenantBytes));
    }

    [LoggerMessage(EventId = LogEvents.CacheGcCompleted, Level = LogLevel.Information,
        Message = "Cache {Cache} collected: {Scanned} listed, {Deleted} deleted ({DeletedBytes} bytes), {Pinned} kept pinned, {Recent} kept as recent")]
    private partial void LogCollected(string cache, long scanned, long deleted, long deletedBytes, long pinned, long recent);
}
