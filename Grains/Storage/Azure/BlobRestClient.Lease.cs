using System.Globalization;

namespace OrleansBridge.Storage.Azure;

/// <summary>Lease Blob (https://learn.microsoft.com/rest/api/storageservices/lease-blob): acquire, renew, release, break.</summary>
internal sealed partial class BlobRestClient
{
    /// <summary>
    /// <c>PUT ?comp=lease</c> with <c>x-ms-lease-action</c>. Acquire proposes our own id
    /// (<c>x-ms-proposed-lease-id</c>) so re-acquiring after an unanswered attempt is idempotent.
    /// </summary>
    public Task<BlobResponse> LeaseAsync(string name, BlobLeaseRequest lease, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, BlobUri(name, "?comp=lease"), ReadOnlyMemory<byte>.Empty, request =>
        {
            var headers = request.Headers;
            headers.TryAddWithoutValidation("x-ms-lease-action", lease.Action);
            if (lease.LeaseId is { } id)
            {
                headers.TryAddWithoutValidation(lease.Action == "acquire" ? "x-ms-proposed-lease-id" : "x-ms-lease-id", id);
            }

            if (lease.Duration is { } duration)
            {
                headers.TryAddWithoutValidation("x-ms-lease-duration", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }

            if (lease.BreakPeriod is { } period)
            {
                headers.TryAddWithoutValidation("x-ms-lease-break-period", ((int)period.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
        }, cancellationToken);
}

/// <summary>One Lease Blob call.</summary>
/// <param name="Action">acquire, renew, release or break.</param>
/// <param name="LeaseId">Our lease id (proposed on acquire); none for break.</param>
/// <param name="Duration">Acquire only: 15–60 s.</param>
/// <param name="BreakPeriod">Break only: 0–60 s.</param>
internal readonly record struct BlobLeaseRequest(string Action, string? LeaseId, TimeSpan? Duration = null, TimeSpan? BreakPeriod = null);
