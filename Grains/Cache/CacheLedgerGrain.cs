using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using OrleansBridge.Storage;

namespace OrleansBridge.Cache;

/// <summary>
/// The pin set and quota ledger of one cache (docs/cache.md, "Pins, quota and collection"). Pins are
/// reference lists by owner; an entry is pinned while any owner lists it. Durable owners and charges
/// are persisted, spread over <see cref="LedgerChange.ShardCount"/> records; session pins and
/// reservations live in this activation only, which therefore stays active for the life of the
/// process. Partials: <c>.Quota</c> (reservations, charges, deletions), <c>.Persistence</c> (the shards).
/// </summary>
internal sealed partial class CacheLedgerGrain : Grain, ICacheLedgerGrain
{
    private readonly TimeProvider _time;
    private readonly ApplicationCaches _caches;
    private readonly ILogger<CacheLedgerGrain> _logger;
    private readonly IPersistentState<CacheLedgerRecord> _unsharded;
    private readonly IPersistentState<CacheLedgerRecord>[] _shards = new IPersistentState<CacheLedgerRecord>[LedgerChange.ShardCount];
    private readonly Dictionary<string, OwnerPins> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, int> _pinCounts = [];

    /// <summary>The grain's key.</summary>
    private string Key => this.GetPrimaryKeyString();

    public CacheLedgerGrain(ApplicationCaches caches, IPersistentStateFactory states, TimeProvider time, ILogger<CacheLedgerGrain> logger)
    {
        _time = time;
        _caches = caches;
        _logger = logger;
        // Created here, before activation, so that Orleans reads every record before OnActivateAsync.
        for (var shard = 0; shard < _shards.Length; shard++)
        {
            _shards[shard] = states.Create<CacheLedgerRecord>(GrainContext, new PersistentStateAttribute(ShardStateName(shard), GrainStorageSetup.ProviderName));
        }

        _unsharded = states.Create<CacheLedgerRecord>(GrainContext, new PersistentStateAttribute(StateName, GrainStorageSetup.ProviderName));
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        Resync(); // every shard was read by Orleans before this
        await MoveUnshardedRecordAsync();
    }

    public async Task PinAsync(PinOwner owner, IReadOnlyCollection<ContentHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(hashes);
        if (AddPins(owner, hashes) && owner.Durable)
        {
            await PersistAsync(new LedgerChange().Pin(owner, hashes));
        }
    }

    public async Task SetPinsAsync(PinOwner owner, IReadOnlyCollection<ContentHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(hashes);
        var wanted = hashes as IReadOnlySet<ContentHash> ?? hashes.ToHashSet();
        var stale = _owners.TryGetValue(owner.Id, out var pins) ? pins.Hashes.Where(h => !wanted.Contains(h)).ToList() : [];
        var added = AddPins(owner, wanted);
        var removed = RemovePins(owner.Id, stale);
        if ((added || removed) && owner.Durable)
        {
            await PersistAsync(new LedgerChange().Replace(owner, wanted));
        }
    }

    public async Task UnpinAsync(string ownerId, IReadOnlyCollection<ContentHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var durable = _owners.TryGetValue(ownerId, out var pins) && pins.Owner.Durable;
        if (RemovePins(ownerId, hashes) && durable)
        {
            await PersistAsync(new LedgerChange().Unpin(ownerId, hashes));
        }
    }

    public async Task ReleaseAsync(string ownerId)
    {
        DropReservationsOf(ownerId);
        if (!_owners.Remove(ownerId, out var pins))
        {
            return;
        }

        foreach (var hash in pins.Hashes)
        {
            Unpin(hash);
        }

        if (pins.Owner.Durable)
        {
            await PersistAsync(new LedgerChange().Release(ownerId));
        }
    }

    public async Task<CacheLedgerStatus> GetStatusAsync()
    {
        await RefreshAsync(); // Another silo's ledger activation may have changed the durable part.
        return new CacheLedgerStatus(
            _pinCounts.Keys.ToHashSet(),
            _owners.Count,
            new Dictionary<string, long>(_tenantBytes, StringComparer.Ordinal),
            _reservations.Values.Sum(r => r.Length));
    }

    /// <summary>Adds pins in memory; true when any was new.</summary>
    private bool AddPins(PinOwner owner, IEnumerable<ContentHash> hashes)
    {
        if (!_owners.TryGetValue(owner.Id, out var pins))
        {
            pins = new OwnerPins(owner);
            _owners[owner.Id] = pins;
        }

        var changed = false;
        foreach (var hash in hashes)
        {
            if (pins.Hashes.Add(hash))
            {
                _pinCounts[hash] = _pinCounts.GetValueOrDefault(hash) + 1;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Removes pins of one owner in memory; true when any was there.</summary>
    private bool RemovePins(string ownerId, IEnumerable<ContentHash> hashes)
    {
        if (!_owners.TryGetValue(ownerId, out var pins))
        {
            return false;
        }

        var changed = false;
        foreach (var hash in hashes)
        {
            if (pins.Hashes.Remove(hash))
            {
                Unpin(hash);
                changed = true;
            }
        }

        if (pins.Hashes.Count == 0)
        {
            _owners.Remove(ownerId);
        }

        return changed;
    }

    private void Unpin(ContentHash hash)
    {
        var left = _pinCounts[hash] - 1;
        if (left == 0)
        {
            _pinCounts.Remove(hash);
        }
        else
        {
            _pinCounts[hash] = left;
        }
    }

    /// <summary>One owner's reference list.</summary>
    private sealed class OwnerPins(PinOwner owner)
    {
        public PinOwner Owner { get; } = owner;

        public HashSet<ContentHash> Hashes { get; } = [];
    }
}
