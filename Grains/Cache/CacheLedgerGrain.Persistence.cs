using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansBridge.Logging;
using OrleansBridge.Storage;

namespace OrleansBridge.Cache;

/// <summary>
/// The durable part of the ledger in <see cref="LedgerChange.ShardCount"/> records (Orleans persistent
/// states <c>cache-ledger/00</c> … <c>/ff</c> of the ledger grain; in the folder storage the files
/// <c>cache-ledger/&lt;cache id&gt;/00</c> …), so a write costs one shard's size, not the cache's: a
/// stored upload rewrites the charges of 1/256 of the entries.
/// <para>
/// Several silos may share one grain storage, each with its own ledger activation, all writing the same
/// records with ETags. A shard write refused because another activation wrote first is retried on the
/// record as it is now (reload, re-apply this call's part of the <see cref="LedgerChange"/>, write
/// again), a bounded number of times with jittered exponential backoff, and the in-memory view then
/// follows the records, so both silos see the sum.
/// </para>
/// </summary>
internal sealed partial class CacheLedgerGrain
{
    /// <summary>Writes tried per change before giving up (about 2 s of backoff in all at most).</summary>
    internal const int MaxWriteAttempts = 8;

    /// <summary>The grain state name of the ledger's records.</summary>
    internal const string StateName = "cache-ledger";

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>The state name of one shard of the ledger.</summary>
    private static string ShardStateName(int shard) => string.Create(CultureInfo.InvariantCulture, $"{StateName}/{shard:x2}");

    /// <summary>Applies <paramref name="change"/> to the persisted records, shard by shard, each retried on ETag conflicts.</summary>
    private async Task PersistAsync(LedgerChange change)
    {
        foreach (var (shard, part) in change.ByShard())
        {
            await PersistShardAsync(shard, part);
        }
    }

    private async Task PersistShardAsync(int shard, LedgerChange part)
    {
        var record = _shards[shard];
        for (var attempt = 1; ; attempt++)
        {
            record.State = part.ApplyTo(record.Stored());
            try
            {
                await record.WriteStateAsync();
                if (attempt > 1)
                {
                    Resync(); // The shard now holds other silos' changes too.
                }

                return;
            }
            catch (InconsistentStateException) when (attempt < MaxWriteAttempts)
            {
                var delay = Backoff(attempt);
                LogWriteConflict(_logger, Key, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, _time);
                await record.ReadStateAsync();
            }
            catch (InconsistentStateException ex)
            {
                LogWriteGaveUp(_logger, ex, Key, attempt);
                await RefreshAsync(); // Memory follows storage, not the change that was not written.
                throw new CacheLedgerContendedException(
                    $"The ledger of cache {Key} could not be written: {attempt} attempts were each refused because another silo wrote it first.", ex);
            }
        }
    }

    /// <summary>Re-reads every shard, all at once, and makes the durable part of memory match them.</summary>
    private async Task RefreshAsync()
    {
        await Task.WhenAll(_shards.Select(s => s.ReadStateAsync()));
        Resync();
    }

    /// <summary>
    /// Moves a ledger written as one record (before the shards) into the shards, then deletes it. The
    /// change sets keys, so a crash between the two steps only repeats the move at the next activation.
    /// </summary>
    private async Task MoveUnshardedRecordAsync()
    {
        if (_unsharded.Stored() is not { } record)
        {
            return;
        }

        await PersistAsync(LedgerChange.From(record));
        Resync();
        LogMovedIntoShards(_logger, Key, record.Owners.Count, record.Charges.Count);
        await _unsharded.ClearStateAsync();
    }

    /// <summary>Replaces the durable owners and the charges in memory by those the shards hold.</summary>
    private void Resync()
    {
        foreach (var id in _owners.Where(o => o.Value.Owner.Durable).Select(o => o.Key).ToList())
        {
            _owners.Remove(id, out var pins);
            foreach (var hash in pins!.Hashes)
            {
                Unpin(hash);
            }
        }

        _charges.Clear();
        _tenantBytes.Clear();
        foreach (var shard in _shards)
        {
            Load(shard.Stored());
        }
    }

    /// <summary>Adds the durable owners and charges of <paramref name="record"/> to memory.</summary>
    private void Load(CacheLedgerRecord? record)
    {
        if (record is null)
        {
            return;
        }

        foreach (var owner in record.Owners)
        {
            AddPins(new PinOwner(owner.Id, owner.Tenant, Durable: true), owner.Hashes.Select(ContentHash.Parse));
        }

        foreach (var charge in record.Charges)
        {
            Charge(ContentHash.Parse(charge.Hash), charge.Tenant, charge.Length);
        }
    }

    /// <summary>Exponential backoff with jitter (half to full of the step), so two silos that collided do not collide again in step.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var step = Math.Min(MaxBackoff.TotalMilliseconds, FirstBackoff.TotalMilliseconds * (1 << (attempt - 1)));
        return TimeSpan.FromMilliseconds(step * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    [LoggerMessage(EventId = LogEvents.CacheLedgerWriteConflict, Level = LogLevel.Debug,
        Message = "Cache ledger {Cache} was written by another silo (attempt {Attempt}); reloading and retrying in {DelayMs:F0} ms")]
    private static partial void LogWriteConflict(ILogger logger, string cache, int attempt, double delayMs);

    [LoggerMessage(EventId = LogEvents.CacheLedgerWriteGaveUp, Level = LogLevel.Error,
        Message = "Cache ledger {Cache} could not be written after {Attempts} attempts, each refused by another silo's write")]
    private static partial void LogWriteGaveUp(ILogger logger, Exception exception, string cache, int attempts);

    [LoggerMessage(EventId = LogEvents.CacheLedgerMovedIntoShards, Level = LogLevel.Information,
        Message = "Cache ledger {Cache} was one record; its {Owners} durable owners and {Charges} charges were moved into shards")]
    private static partial void LogMovedIntoShards(ILogger logger, string cache, int owners, int charges);
}
