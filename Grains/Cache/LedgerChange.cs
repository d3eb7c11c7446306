namespace OrleansBridge.Cache;

/// <summary>
/// What one ledger call changes in the persisted <see cref="CacheLedgerRecord"/>, kept as operations
/// rather than as a whole new record, so that a write refused because another silo's ledger activation
/// wrote first can be re-applied to the record as that silo left it. Every operation is idempotent and
/// keyed: pins are set members by owner and hash, a charge is set per entry hash (replacing, never
/// adding to, what the entry was charged), so applying a change twice, or after another silo's change,
/// never counts anything twice and never loses the other silo's work.
/// </summary>
internal sealed class LedgerChange
{
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
