namespace OrleansBridge.Cache;

/// <summary>A cache ledger's state as seen from outside.</summary>
/// <param name="Pinned">Every key some owner pins now.</param>
/// <param name="Owners">How many owners hold pins.</param>
/// <param name="TenantBytes">Bytes charged per tenant for entries their uploads stored (the quota's measure).</param>
/// <param name="ReservedBytes">Bytes reserved by uploads in progress.</param>
public sealed record CacheLedgerStatus(
    IReadOnlySet<ContentHash> Pinned,
    int Owners,
    IReadOnlyDictionary<string, long> TenantBytes,
    long ReservedBytes);
