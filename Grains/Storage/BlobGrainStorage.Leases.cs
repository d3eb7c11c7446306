using System.Net;
using OrleansBridge.Hosting;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Storage;

/// <summary>
/// Leases on grain records (Lease Blob). Azure's answers, mapped: 409 LeaseAlreadyPresent → held by
/// another; 409 LeaseIdMismatchWithLeaseOperation, LeaseIsBrokenAndCannotBeRenewed, LeaseNotPresent…
/// → lost; 404 → no record; no answer or 5xx → unavailable.
/// </summary>
public sealed partial class BlobGrainStorage
{
    /// <inheritdoc />
    public Task<LeaseStatus> AcquireLeaseAsync(string grainType, string key, string leaseId, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(15));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromSeconds(60));
        return LeaseAsync(grainType, key, new BlobLeaseRequest("acquire", leaseId, Duration: duration), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LeaseStatus> RenewLeaseAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken) =>
        LeaseAsync(grainType, key, new BlobLeaseRequest("renew", leaseId), cancellationToken);

    /// <inheritdoc />
    public Task<LeaseStatus> ReleaseLeaseAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken) =>
        LeaseAsync(grainType, key, new BlobLeaseRequest("release", leaseId), cancellationToken);

    /// <inheritdoc />
    public Task<LeaseStatus> BreakLeaseAsync(string grainType, string key, TimeSpan breakPeriod, CancellationToken cancellationToken) =>
        LeaseAsync(grainType, key, new BlobLeaseRequest("break", null, BreakPeriod: breakPeriod), cancellationToken);

    /// <inheritdoc />
    Task<string> IGrainLeases.WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, string leaseId, CancellationToken cancellationToken) =>
        WriteAsync(grainType, key, data, etag, leaseId, cancellationToken);

    /// <inheritdoc />
    Task IGrainLeases.DeleteAsync(string grainType, string key, string etag, string leaseId, CancellationToken cancellationToken) =>
        DeleteAsync(grainType, key, etag, leaseId, cancellationToken);

    private async Task<LeaseStatus> LeaseAsync(string grainType, string key, BlobLeaseRequest lease, CancellationToken cancellationToken)
    {
        var response = await _client.LeaseAsync(NameOf(grainType, key), lease, cancellationToken);
        return response switch
        {
            { IsSuccess: true } => LeaseStatus.Ok,
            { IsTransient: true } => LeaseStatus.Unavailable,
            { Status: (int)HttpStatusCode.NotFound } => LeaseStatus.NotFound,
            { Status: (int)HttpStatusCode.Conflict, ErrorCode: "LeaseAlreadyPresent" } => LeaseStatus.HeldByAnother,
            { Status: (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed } => LeaseStatus.Lost,
            _ => throw Unavailable(response, $"Lease Blob ({lease.Action})"),
        };
    }
}
