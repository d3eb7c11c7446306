using Microsoft.Extensions.Logging;
using OrleansBridge.Hosting;
using OrleansBridge.Logging;

namespace OrleansBridge.Cache;

/// <summary>
/// Writing the durable part of the ledger when several silos share one grain storage: each silo has
/// its own ledger activation, all writing the same record with ETags. A write refused because another
/// activation wrote first is retried on the record as it is now (reload, re-apply this call's
/// <see cref="LedgerChange"/>, write again), a bounded number of times with jittered exponential
/// backoff, and the in-memory view then follows the record, so both silos see the sum.
/// </summary>
internal sealed partial class CacheLedgerGrain
{
    /// <summary>Writes tried per change before giving up (about 2 s of backoff in all at most).</summary>
    internal const int MaxWriteAttempts = 8;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>Applies <paramref name="change"/> to the persisted record, retrying on ETag conflicts.</summary>
    private async Task PersistAsync(LedgerChange change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var next = change.ApplyTo(_record.State);
            _record.State = next;
            try
            {
                await _record.WriteStateAsync();
                if (attempt > 1)
                {
                    Resync(next); // The record now holds other silos' changes too.
                }

                return;
            }
            catch (GrainStateConflictException) when (attempt < MaxWriteAttempts)
            {
                var delay = Backoff(attempt);
                LogWriteConflict(_logger, Key, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, _time);
                await _record.ReadStateAsync();
            }
            catch (GrainStateConflictException ex)
            {
                LogWriteGaveUp(_logger, ex, Key, attempt);
                await RefreshAsync(); // Memory follows storage, not the change that was not written.
                throw new CacheLedgerContendedException(
                    $"The ledger of cache {Key} could not be written: {attempt} attempts were each refused because another silo wrote it first.", ex);
            }
        }
    }

    /// <summary>Re-reads the record and makes the durable part of memory match it.</summary>
    private async Task RefreshAsync()
    {
        await _record.ReadStateAsync();
        Resync(_record.State);
    }

    /// <summary>Replaces the durable owners and the charges in memory by those of <paramref name="record"/>.</summary>
    private void Resync(CacheLedgerRecord? record)
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
        Load(record);
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
}
