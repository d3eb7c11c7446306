namespace OrleansBridge.Hosting;

/// <summary>What a lease operation found.</summary>
public enum LeaseStatus
{
    /// <summary>Done: acquired, renewed, released or broken.</summary>
    Ok,
    /// <summary>Another owner holds an active lease (acquire).</summary>
    HeldByAnother,
    /// <summary>This lease is no longer ours: broken, expired and taken, or a different id (renew).</summary>
    Lost,
    /// <summary>No record exists to lease.</summary>
    NotFound,
    /// <summary>The store could not be reached; nothing is known.</summary>
    Unavailable,
}

/// <summary>
/// Grain storage whose records can be leased, as Azure Blob Storage's Lease Blob allows: one owner
/// at a time holds a lease id, and every write and delete carries it, so a writer whose lease was
/// broken is refused (<see cref="GrainStateConflictException"/>) even when its ETag still matches.
/// Sessions use it to have exactly one owner among several silos (docs/architecture.md).
/// </summary>
public interface IGrainLeases
{
    /// <summary>Acquires (or, with the same id, re-acquires) the lease for <paramref name="duration"/> (15–60 s).</summary>
    Task<LeaseStatus> AcquireLeaseAsync(string grainType, string key, string leaseId, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Renews the lease; <see cref="LeaseStatus.Lost"/> when it is no longer ours.</summary>
    Task<LeaseStatus> RenewLeaseAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken);

    /// <summary>Releases the lease so another owner can acquire it at once.</summary>
    Task<LeaseStatus> ReleaseLeaseAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken);

    /// <summary>Breaks whoever's lease after <paramref name="breakPeriod"/> (0: at once).</summary>
    Task<LeaseStatus> BreakLeaseAsync(string grainType, string key, TimeSpan breakPeriod, CancellationToken cancellationToken);

    /// <summary>Writes like <see cref="IGrainStorage.WriteAsync"/>, under the lease.</summary>
    Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, string leaseId, CancellationToken cancellationToken);

    /// <summary>Deletes like <see cref="IGrainStorage.DeleteAsync"/>, under the lease.</summary>
    Task DeleteAsync(string grainType, string key, string etag, string leaseId, CancellationToken cancellationToken);
}
