namespace OrleansBridge.Cache;

/// <summary>
/// The persisted part of a cache ledger: the pins of durable owners (snapshots) and what each tenant
/// was charged for the entries its uploads stored. Session pins and quota reservations are not here:
/// they describe this process's sessions and uploads, which do not survive a restart.
/// </summary>
internal sealed record CacheLedgerRecord(IReadOnlyList<DurablePinsRecord> Owners, IReadOnlyList<ChargeRecord> Charges);

/// <summary>The pins of one durable owner.</summary>
internal sealed record DurablePinsRecord(string Id, string Tenant, IReadOnlyList<string> Hashes);

/// <summary>One stored entry and the tenant whose upload stored it.</summary>
internal sealed record ChargeRecord(string Hash, string Tenant, long Length);
