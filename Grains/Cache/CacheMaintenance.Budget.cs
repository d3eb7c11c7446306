using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;

namespace OrleansBridge.Cache;

/// <summary>LRU eviction of a <c>path:</c> cache past its size budget.</summary>
public sealed partial class CacheMaintenance
{
    /// <summary>
    /// Eviction goes down to this fraction of the budget, not just under it, so that a full cache does
    /// not list itself again on every new entry.
    /// </summary>
    private const double LowWatermark = 0.9;

    /// <summary>
    /// When the cache holds more than its budget, deletes unpinned entries, least recently used first
    /// (last use: the later of stored and last marked used), until it holds at most 90% of the budget.
    /// Pinned entries are never evicted, so a cache whose pinned entries alone pass the budget stays
    /// over it. Failures are logged, never thrown: the upload that triggered this has succeeded.
    /// </summary>
    public async Task EnforceBudgetAsync(CacheHandle cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.BudgetBytes <= 0 || cache.TrackedBytes is >= 0 and var tracked && tracked <= cache.BudgetBytes)
        {
            return;
        }

        await cache.BudgetGate.WaitAsync(cancellationToken);
        try
        {
            var entries = await ListAllAsync(cache, cancellationToken);
            if (entries is null)
            {
                return;
            }

            var total = entries.Sum(e => e.Length);
            if (total > cache.BudgetBytes)
            {
                total = await EvictAsync(cache, entries, total, cancellationToken);
            }

            cache.TrackedBytes = total;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBudgetFailed(ex, cache.Description);
        }
        finally
        {
            cache.BudgetGate.Release();
        }
    }

    private async Task<long> EvictAsync(CacheHandle cache, List<CacheEntryInfo> entries, long total, CancellationToken cancellationToken)
    {
        var ledger = _grains.GetGrain<ICacheLedgerGrain>(cache.Id);
        var target = (long)(cache.BudgetBytes * LowWatermark);
        var order = entries.OrderBy(LastUse).ThenBy(e => e.Hash).ToList();
        long evicted = 0, evictedBytes = 0;
        var next = 0;
        while (total > target && next < order.Count)
        {
            // Hand over just enough of the least recently used to reach the target; pinned ones come back undeleted.
            var batch = new List<CacheEntryInfo>();
            for (var excess = total - target; excess > 0 && next < order.Count; next++)
            {
                batch.Add(order[next]);
                excess -= order[next].Length;
            }

            var gone = await ledger.DeleteUnpinnedAsync(batch);
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = gone.Sum(e => e.Length);
            total -= bytes;
            evicted += gone.Count;
            evictedBytes += bytes;
        }

        if (evicted > 0)
        {
            LogEvicted(cache.Description, evicted, evictedBytes, total, cache.BudgetBytes);
        }

        return total;
    }

    private static DateTimeOffset LastUse(CacheEntryInfo entry) =>
        entry.LastAccessed is { } accessed && accessed > entry.LastModified ? accessed : entry.LastModified;

    private async Task<List<CacheEntryInfo>?> ListAllAsync(CacheHandle cache, CancellationToken cancellationToken)
    {
        var entries = new List<CacheEntryInfo>();
        string? continuation = null;
        do
        {
            var page = await cache.Cache.ListAsync(continuation, PageSize, cancellationToken);
            if (!page.Succeeded)
            {
                LogBudgetFailed(null, $"{cache.Description}: {page.Detail}");
                return null;
            }

            entries.AddRange(page.Value.Entries);
            continuation = page.Value.Continuation;
        }
        while (continuation is not null);

        return entries;
    }

    [LoggerMessage(EventId = LogEvents.CacheEntriesEvicted, Level = LogLevel.Information,
        Message = "Cache {Cache} past its budget: evicted {Count} least recently used entries ({Bytes} bytes); {Total} of {Budget} bytes left")]
    private partial void LogEvicted(string cache, long count, long bytes, long total, long budget);

    [LoggerMessage(EventId = LogEvents.CacheBudgetFailed, Level = LogLevel.Warning, Message = "Cache {Cache}: enforcing the size budget failed")]
    private partial void LogBudgetFailed(Exception? exception, string cache);
}
