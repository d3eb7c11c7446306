namespace OrleansBridge.Cache;

/// <summary>
/// Hits and misses of one cache since the process started: a key found or not, counted on
/// <c>cache.query</c> and on reads. In memory only; it describes this server's traffic.
/// </summary>
public sealed class CacheStatistics
{
    private long _hits;
    private long _misses;

    /// <summary>Keys found.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Keys not found.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Hits / (hits + misses); 0 before any lookup.</summary>
    public double HitRate
    {
        get
        {
            var hits = Hits;
            var total = hits + Misses;
            return total == 0 ? 0 : (double)hits / total;
        }
    }

    /// <summary>Counts a lookup of several keys.</summary>
    public void Record(long hits, long misses)
    {
        Interlocked.Add(ref _hits, hits);
        Interlocked.Add(ref _misses, misses);
    }
}
