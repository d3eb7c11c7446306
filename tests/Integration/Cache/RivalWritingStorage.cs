using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Real folder grain storage, plus a rival silo that, while <see cref="RivalWrites"/> is above zero,
/// rewrites the cache ledger record about to be written (same state, new generation; or creates it empty
/// when it does not exist yet) just before each ledger write, so that write is refused with a real ETag
/// conflict.
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

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (stateName.StartsWith(CacheLedgerGrain.StateName, StringComparison.Ordinal) && Interlocked.Decrement(ref _rivalWrites) >= 0)
        {
            var rival = new GrainState<T>();
            await inner.ReadStateAsync(stateName, grainId, rival);
            if (!rival.RecordExists)
            {
                rival.State = (T)(object)new CacheLedgerRecord([], []);
            }

            await inner.WriteStateAsync(stateName, grainId, rival);
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
