using OrleansBridge.Cache;
using OrleansBridge.Hosting;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Real folder grain storage, plus a rival silo that, while <see cref="RivalWrites"/> is above zero,
/// rewrites the cache ledger record about to be written (same bytes, new generation; or creates it empty
/// when it does not exist yet) just before each ledger write, so that write is refused with a real ETag
/// conflict.
/// </summary>
internal sealed class RivalWritingStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly byte[] EmptyRecord = System.Text.Encoding.UTF8.GetBytes("""{"owners":[],"charges":[]}""");

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
        if (grainType == CacheLedgerGrain.StateName && Interlocked.Decrement(ref _rivalWrites) >= 0)
        {
            var current = await inner.ReadAsync(grainType, key, cancellationToken);
            await inner.WriteAsync(grainType, key, current?.Data ?? EmptyRecord, current?.Etag, cancellationToken);
        }

        return await inner.WriteAsync(grainType, key, data, etag, cancellationToken);
    }

    public Task DeleteAsync(string grainType, string key, string etag, CancellationToken cancellationToken) =>
        inner.DeleteAsync(grainType, key, etag, cancellationToken);
}
