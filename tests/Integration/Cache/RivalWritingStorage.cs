using OrleansBridge.Hosting;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Real folder grain storage, plus a rival silo that, while <see cref="RivalWrites"/> is above zero,
/// rewrites the cache ledger record (same bytes, new generation) just before each ledger write, so that
/// write is refused with a real ETag conflict.
/// </summary>
internal sealed class RivalWritingStorage(IGrainStorage inner) : IGrainStorage
{
    private int _rivalWrites;

    /// <summary>How many more ledger writes the rival gets in first.</summary>
    public int RivalWrites
    {
        get => Volatile.Read(ref _rivalWrites);
        set => Volatile.Write(ref _rivalWrites, value);
    }

    public Task<GrainStateRecord?> ReadAsync(string grainType, string key, CancellationToken cancellationToken) =>
        inner.ReadAsync(grainType, key, cancellationToken);

    public async Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        if (grainType == "cache-ledger" && Interlocked.Decrement(ref _rivalWrites) >= 0
            && await inner.ReadAsync(grainType, key, cancellationToken) is { } current)
        {
            await inner.WriteAsync(grainType, key, current.Data, current.Etag, cancellationToken);
        }

        return await inner.WriteAsync(grainType, key, data, etag, cancellationToken);
    }

    public Task DeleteAsync(string grainType, string key, string etag, CancellationToken cancellationToken) =>
        inner.DeleteAsync(grainType, key, etag, cancellationToken);
}
