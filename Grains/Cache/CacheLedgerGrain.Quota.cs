using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;

namespace OrleansBridge.Cache;

/// <summary>Quota reservations of uploads in progress, charges of stored entries, and deletions.</summary>
internal sealed partial class CacheLedgerGrain
{
    private readonly Dictionary<ContentHash, Charged> _charges = [];
    private readonly Dictionary<string, long> _tenantBytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);

    public async Task<CacheResult> ReserveAsync(PinOwner owner, string reservationId, ContentHash hash, long length, long tenantQuota)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var charged = _tenantBytes.GetValueOrDefault(owner.Tenant);
        var reserved = _reservations.Values.Where(r => r.Tenant == owner.Tenant).Sum(r => r.Length);
        if (tenantQuota > 0 && charged + reserved + length > tenantQuota)
        {
            LogQuotaExceeded(_logger, owner.Tenant, hash, length, charged, reserved, tenantQuota);
            return CacheResult.Fail(ErrorCode.CacheQuotaExceeded,
                $"Tenant '{owner.Tenant}' has {charged} bytes in the cache and {reserved} reserved by uploads in progress; {length} more would pass its quota of {tenantQuota} bytes. Nothing was stored.");
        }

        _reservations[reservationId] = new Reservation(owner.Id, owner.Tenant, length);
        if (AddPins(owner, [hash]) && owner.Durable)
        {
            await PersistAsync(new LedgerChange().Pin(owner, [hash]));
        }

        return CacheResult.Success;
    }

    public async Task SettleAsync(string reservationId, ContentHash hash, bool stored)
    {
        if (!_reservations.Remove(reservationId, out var reservation) || !stored)
        {
            return;
        }

        Credit(hash); // An entry deleted behind the ledger's back and stored again is charged afresh.
        Charge(hash, reservation.Tenant, reservation.Length);
        await PersistAsync(new LedgerChange().Charge(hash, reservation.Tenant, reservation.Length));
    }

    public async Task<IReadOnlyList<CacheEntryInfo>> DeleteUnpinnedAsync(IReadOnlyList<CacheEntryInfo> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (!_caches.TryGetById(Key, out var handle))
        {
            throw new InvalidOperationException($"No configured application uses the cache with id {Key}.");
        }

        await RefreshAsync(); // Pins another silo's activation persisted protect entries here too.
        var deleted = new List<CacheEntryInfo>();
        var credits = new LedgerChange();
        foreach (var candidate in candidates)
        {
            if (_pinCounts.ContainsKey(candidate.Hash))
            {
                continue;
            }

            var result = await handle.Cache.DeleteAsync(candidate.Hash, CancellationToken.None);
            if (result.Succeeded || result.Error == ErrorCode.CacheEntryNotFound)
            {
                deleted.Add(candidate);
                if (Credit(candidate.Hash))
                {
                    credits.Credit(candidate.Hash);
                }
            }
        }

        if (!credits.IsEmpty)
        {
            await PersistAsync(credits);
        }

        return deleted;
    }

    private void DropReservationsOf(string ownerId)
    {
        foreach (var id in _reservations.Where(r => r.Value.OwnerId == ownerId).Select(r => r.Key).ToList())
        {
            _reservations.Remove(id);
        }
    }

    private void Charge(ContentHash hash, string tenant, long length)
    {
        _charges[hash] = new Charged(tenant, length);
        _tenantBytes[tenant] = _tenantBytes.GetValueOrDefault(tenant) + length;
    }

    /// <summary>Takes an entry's charge back from its tenant; false when it had none.</summary>
    private bool Credit(ContentHash hash)
    {
        if (!_charges.Remove(hash, out var charge))
        {
            return false;
        }

        var left = _tenantBytes[charge.Tenant] - charge.Length;
        if (left == 0)
        {
            _tenantBytes.Remove(charge.Tenant);
        }
        else
        {
            _tenantBytes[charge.Tenant] = left;
        }

        return true;
    }

    [LoggerMessage(EventId = LogEvents.CacheQuotaExceeded, Level = LogLevel.Information,
        Message = "Cache quota of tenant {Tenant} refused {Hash} ({Length} bytes): {Charged} charged, {Reserved} reserved, quota {Quota}")]
    private static partial void LogQuotaExceeded(ILogger logger, string tenant, ContentHash hash, long length, long charged, long reserved, long quota);

    /// <summary>What a tenant was charged for one stored entry.</summary>
    private readonly record struct Charged(string Tenant, long Length);

    /// <summary>Quota held by an upload in progress.</summary>
    private sealed record Reservation(string OwnerId, string Tenant, long Length);
}
