using OrleansBridge.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>A cache that counts the calls that reach it, to prove that refused requests never do.</summary>
public sealed class CountingCache(IContentCache inner, CountingCache.Counter counter) : IContentCache
{
    public long MaxEntryBytes => inner.MaxEntryBytes;

    public Task<CacheResult<IReadOnlyList<ContentHash>>> FindMissingAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken) =>
        counter.Track(inner.FindMissingAsync(hashes, cancellationToken));

    public Task<CacheResult<CacheEntryInfo>> GetInfoAsync(ContentHash hash, CancellationToken cancellationToken) =>
        counter.Track(inner.GetInfoAsync(hash, cancellationToken));

    public Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken) =>
        counter.Track(inner.OpenReadAsync(hash, cancellationToken));

    public Task<CachePutResult> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken) =>
        counter.Track(inner.PutAsync(hash, content, cancellationToken));

    public Task<CacheResult> DeleteAsync(ContentHash hash, CancellationToken cancellationToken) =>
        counter.Track(inner.DeleteAsync(hash, cancellationToken));

    public Task<CacheResult<CacheListPage>> ListAsync(string? continuation, int maxEntries, CancellationToken cancellationToken) =>
        counter.Track(inner.ListAsync(continuation, maxEntries, cancellationToken));

    /// <summary>The shared count.</summary>
    public sealed class Counter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public T Track<T>(T call)
        {
            Interlocked.Increment(ref _count);
            return call;
        }
    }
}
