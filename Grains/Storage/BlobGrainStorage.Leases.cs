using Azure.Storage.Blobs.Specialized;
using OrleansBridge.Hosting;

namespace OrleansBridge.Storage;

/// <summary>
/// Leases on grain records, through <see cref="BlobLeaseClient"/> (Lease Blob). Azure's answers,
/// mapped: 409 LeaseAlreadyPresent → held by another; 409 LeaseIdMismatchWithLeaseOperation,
/// LeaseIsBrokenAndCannotBeRenewed, LeaseNotPresent… → lost; 404 → no record; no answer or 5xx →
/// unavailable. Acquire proposes our own id, so re-acquiring after an unanswered attempt is idempotent.
/// </summary>
public sealed partial class BlobGrainStorage
{
    /// <inheritdoc />
    public Task<LeaseStatus> AcquireLeaseAsync(string grainType, string key, string leaseId, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(15));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromSeconds(60));
        return LeaseAsync(grainType, key, leaseId, "acquire", (lease, token) => lease.AcquireAsync(duration, cancellationToken: token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LeaseStatus> RenewLeaseAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken) =>
        LeaseAsync(grainType, key, leaseId, "renew", (lease, token) => lease.RenewAsync(cancellationToken: token), cancellationToken);

    /// <inheritdoc />
    public Task<LeaseStatus> ReleaseLeaseAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken) =>
        LeaseAsync(grainType, key, leaseId, "release", (lease, token) => lease.ReleaseAsync(cancellationToken: token), cancellationToken);

    /// <inheritdoc />
    public Task<LeaseStatus> BreakLeaseAsync(string grainType, string key, TimeSpan breakPeriod, CancellationToken cancellationToken) =>
        LeaseAsync(grainType, key, leaseId: null, "break", (lease, token) => lease.BreakAsync(breakPeriod, cancellationToken: token), cancellationToken);

    /// <inheritdoc />
    Task<string> IGrainLeases.WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, string leaseId, CancellationToken cancellationToken) =>
        WriteAsync(grainType, key, data, etag, leaseId, cancellationToken);

    /// <inheritdoc />
    Task IGrainLeases.DeleteAsync(string grainType, string key, string etag, string leaseId, CancellationToken cancellationToken) =>
        DeleteAsync(grainType, key, etag, leaseId, cancellationToken);

    /// <summary>One Lease Blob call; <paramref name="leaseId"/> null (break) lets the SDK pick an id it never sends.</summary>
    private async Task<LeaseStatus> LeaseAsync<T>(
        string grainType, string key, string? leaseId, string action, Func<BlobLeaseClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var operation = $"Lease Blob ({action})";
        try
        {
            await call(_container.Blob(NameOf(grainType, key)).GetBlobLeaseClient(leaseId), cancellationToken);
            return LeaseStatus.Ok;
        }
        catch (Exception ex) when (_container.TryRead(ex, operation, cancellationToken, out var error))
        {
            return error switch
            {
                { IsTransient: true } => LeaseStatus.Unavailable,
                { Status: 404 } => LeaseStatus.NotFound,
                { Status: 409 } when error.ErrorCode == "LeaseAlreadyPresent" => LeaseStatus.HeldByAnother,
                { Status: 409 or 412 } => LeaseStatus.Lost,
                _ => throw Unavailable(error, operation),
            };
        }
    }
}
