using System.Globalization;

namespace OrleansBridge.Cache;

/// <summary>
/// What one ledger call changes in the persisted <see cref="CacheLedgerRecord"/>, kept as operations
/// rather than as a whole new record, so that a write refused because another silo's ledger activation
/// wrote first can be re-applied to the record as that silo left it. Every operation is idempotent and
/// keyed: pins are set members by owner and hash, a charge is set per entry hash (replacing, never
/// adding to, what the entry was charged), so applying a change twice, or after another silo's change,
/// never counts anything twice and never loses the other silo's work.
/// <para>
/// The durable part of a ledger is spread over <see cref="ShardCount"/> records, so that a write costs
/// what one shard holds rather than what the whole cache holds: a charge lives in the shard of its
/// entry's hash (the hash's first byte), an owner's pins in the shard of its id (<see cref="ShardOfOwner"/>).
/// <see cref="ByShard"/> splits a change into the parts each shard's record receives.
/// </para>
/// </summary>
internal sealed class LedgerChange
{
    /// <summary>Records the durable part of one ledger is spread over.</summary>
    public const int ShardCount = 256;

    private readonly List<Operation> _operations = [];

    private enum Kind
    {
        Pin,
        Unpin,
        Replace,
        Release,
        Charge,
        Credit,
    }

    /// <summary>True when nothing was recorded.</summary>
    public bool IsEmpty => _operations.Count == 0;

    /// <summary>Adds <paramref name="hashes"/> to the pins of a durable owner.</summary>
    public LedgerChange Pin(PinOwner owner, IEnumerable<ContentHash> hashes) =>
        Add(new Operation(Kind.Pin, owner.Id, owner.Tenant, 0, [.. hashes.Select(h => h.ToString())]));

    /// <summary>Removes <paramref name="hashes"/> from the pins of an owner.</summary>
    public LedgerChange Unpin(string ownerId, IEnumerable<ContentHash> hashes) =>
        Add(new Operation(Kind.Unpin, ownerId, string.Empty, 0, [.. hashes.Select(h => h.ToString())]));

    /// <summary>Makes <paramref name="hashes"/> the owner's whole pin list.</summary>
    public LedgerChange Replace(PinOwner owner, IEnumerable<ContentHash> hashes) =>
        Add(new Operation(Kind.Replace, owner.Id, owner.Tenant, 0, [.. hashes.Select(h => h.ToString())]));

    /// <summary>Removes an owner and all its pins.</summary>
    public LedgerChange Release(string ownerId) => Add(new Operation(Kind.Release, ownerId, string.Empty, 0, []));

    /// <summary>Sets an entry's charge: <paramref name="tenant"/> pays <paramref name="length"/> bytes for it.</summary>
    public LedgerChange Charge(ContentHash hash, string tenant, long length) =>
        Add(new Operation(Kind.Charge, hash.ToString(), tenant, length, []));

    /// <summary>Removes an entry's charge.</summary>
    public LedgerChange Credit(ContentHash hash) => Add(new Operation(Kind.Credit, hash.ToString(), string.Empty, 0, []));

    /// <summary>The change that writes all of <paramref name="record"/> (owners replaced, charges set), for moving a record into shards.</summary>
    public static LedgerChange From(CacheLedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var change = new LedgerChange();
        foreach (var owner in record.Owners)
        {
            change.Add(new Operation(Kind.Replace, owner.Id, owner.Tenant, 0, [.. owner.Hashes]));
        }

        foreach (var charge in record.Charges)
        {
            change.Add(new Operation(Kind.Charge, charge.Hash, charge.Tenant, charge.Length, []));
        }

        return change;
    }

    /// <summary>The shard of an owner's pins: FNV-1a of its id, so every silo and every version agrees.</summary>
    public static int ShardOfOwner(string ownerId)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        var hash = 2166136261u;
        foreach (var c in ownerId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % ShardCount);
    }

    /// <summary>The shard of an entry's charge: the first byte of its hash.</summary>
    public static int ShardOfEntry(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return int.Parse(hash.AsSpan(0, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) % ShardCount;
    }

    /// <summary>This change split into the part each shard receives, in shard order; operations keep their order within a part.</summary>
    public IEnumerable<(int Shard, LedgerChange Part)> ByShard()
    {
        var parts = new SortedDictionary<int, LedgerChange>();
        foreach (var op in _operations)
        {
            var shard = op.Kind is Kind.Charge or Kind.Credit ? ShardOfEntry(op.Key) : ShardOfOwner(op.Key);
            if (!parts.TryGetValue(shard, out var part))
            {
                part = new LedgerChange();
                parts[shard] = part;
            }

            part.Add(op);
        }

        return parts.Select(p => (p.Key, p.Value));
    }

    /// <summary>The record after this change, applied to <paramref name="record"/> (null: no record yet).</summary>
    public CacheLedgerRecord ApplyTo(CacheLedgerRecord? record)
    {
        var owners = new Dictionary<string, (string Tenant, HashSet<string> Hashes)>(StringComparer.Ordinal);
        foreach (var owner in record?.Owners ?? [])
        {
            owners[owner.Id] = (owner.Tenant, new HashSet<string>(owner.Hashes, StringComparer.Ordinal));
        }

        var charges = new Dictionary<string, ChargeRecord>(StringComparer.Ordinal);
        foreach (var charge in record?.Charges ?? [])
        {
            charges[charge.Hash] = charge;
        }

        foreach (var op in _operations)
        {
            switch (op.Kind)
            {
                case Kind.Pin:
                    var pinned = owners.TryGetValue(op.Key, out var existing) ? existing.Hashes : [];
                    pinned.UnionWith(op.Hashes);
                    owners[op.Key] = (op.Tenant, pinned);
                    break;
                case Kind.Unpin when owners.TryGetValue(op.Key, out var current):
                    current.Hashes.ExceptWith(op.Hashes);
                    break;
                case Kind.Replace:
                    owners[op.Key] = (op.Tenant, new HashSet<string>(op.Hashes, StringComparer.Ordinal));
                    break;
                case Kind.Release:
                    owners.Remove(op.Key);
                    break;
                case Kind.Charge:
                    charges[op.Key] = new ChargeRecord(op.Key, op.Tenant, op.Length);
                    break;
                case Kind.Credit:
                    charges.Remove(op.Key);
                    break;
                default:
                    break;
            }
        }

        return new CacheLedgerRecord(
            [.. owners.Where(o => o.Value.Hashes.Count > 0).OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => new DurablePinsRecord(o.Key, o.Value.Tenant, [.. o.Value.Hashes.Order(StringComparer.Ordinal)]))],
            [.. charges.Values.OrderBy(c => c.Hash, StringComparer.Ordinal)]);
    }

    private LedgerChange Add(Operation operation)
    {
        _operations.Add(operation);
        return this;
    }

    /// <summary>One keyed operation: <see cref="Key"/> is the owner id or, for charges, the entry hash.</summary>
    private sealed record Operation(Kind Kind, string Key, string Tenant, long Length, string[] Hashes);
}
