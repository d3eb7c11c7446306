using System.Net;
using Microsoft.Extensions.Logging;
using OrleansBridge.Hosting;
using OrleansBridge.Storage.Azure;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage;

/// <summary>
/// Grain state in Azure Blob Storage: one block blob per grain, <c>&lt;grainType&gt;/&lt;key&gt;.state</c>
/// (both escaped by <see cref="GrainStorageKeys"/>), its ETag the record's ETag. Every write is
/// conditional, which is what lets several silos share the store: create with <c>If-None-Match: *</c>,
/// replace and delete with <c>If-Match</c>. A failed condition (409/412) means someone else wrote the
/// grain, and surfaces as <see cref="GrainStateConflictException"/>. A store that cannot be reached
/// surfaces as <see cref="IOException"/> after bounded retries.
/// </summary>
public sealed partial class BlobGrainStorage : IGrainStorage, IGrainLeases, IDisposable
{
    private readonly BlobRestClient _client;

    /// <summary>Opens the store at <paramref name="location"/>: <c>&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    public BlobGrainStorage(string location, StorageHttpOptions options, TimeProvider time, ILogger<BlobGrainStorage> logger)
    {
        if (!AzureBlobLocation.TryParse(location, out var parsed, out var error))
        {
            throw new ArgumentException(error, nameof(location));
        }

        _client = new BlobRestClient(parsed, options, time, logger);
    }

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        var (response, content) = await _client.GetBlobAsync(NameOf(grainType, key), cancellationToken);
        if (content is null)
        {
            return response.Status == (int)HttpStatusCode.NotFound ? null : throw Unavailable(response, "Get Blob");
        }

        await using (content)
        {
            var data = new MemoryStream();
            await content.CopyToAsync(data, cancellationToken);
            return new GrainStateRecord(data.ToArray(), response.ETag ?? throw new InvalidDataException("Get Blob answered without an ETag."));
        }
    }

    /// <inheritdoc />
    public Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken) =>
        WriteAsync(grainType, key, data, etag, leaseId: null, cancellationToken);

    private async Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, string? leaseId, CancellationToken cancellationToken)
    {
        var container = await _client.EnsureContainerAsync(cancellationToken);
        if (!container.IsSuccess)
        {
            throw Unavailable(container, "Create Container");
        }

        var conditions = (etag is null ? BlobConditions.IfNotExists : BlobConditions.IfMatches(etag)) with { LeaseId = leaseId };
        var response = await _client.PutBlobAsync(NameOf(grainType, key), data, conditions, cancellationToken);
        if (response.IsSuccess)
        {
            return response.ETag ?? throw new InvalidDataException("Put Blob answered without an ETag.");
        }

        throw IsConflict(response)
            ? Conflict(grainType, key, etag, response)
            : Unavailable(response, "Put Blob");
    }

    /// <inheritdoc />
    public Task DeleteAsync(string grainType, string key, string etag, CancellationToken cancellationToken) =>
        DeleteAsync(grainType, key, etag, leaseId: null, cancellationToken);

    private async Task DeleteAsync(string grainType, string key, string etag, string? leaseId, CancellationToken cancellationToken)
    {
        var response = await _client.DeleteBlobAsync(NameOf(grainType, key), BlobConditions.IfMatches(etag) with { LeaseId = leaseId }, cancellationToken);
        if (response.IsSuccess || (response.Status == (int)HttpStatusCode.NotFound && response.ErrorCode != "ContainerNotFound"))
        {
            return; // Gone already, as the folder storage treats it.
        }

        throw IsConflict(response) ? Conflict(grainType, key, etag, response) : Unavailable(response, "Delete Blob");
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static string NameOf(string grainType, string key) =>
        $"{GrainStorageKeys.Escape(grainType)}/{GrainStorageKeys.Escape(key)}.state";

    /// <summary>409 (exists, for If-None-Match: *) or 412 (ETag changed); 404 on If-Match means it was deleted meanwhile.</summary>
    private static bool IsConflict(BlobResponse response) =>
        response.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed
        || (response.Status == (int)HttpStatusCode.NotFound && response.ErrorCode == "BlobNotFound");

    private static GrainStateConflictException Conflict(string grainType, string key, string? etag, BlobResponse response) =>
        new($"Grain state {grainType}/{key} changed: expected ETag {etag ?? "<none>"}, the store answered {response}.");

    private IOException Unavailable(BlobResponse response, string operation) =>
        new(BlobFailure.Describe(response, _client.Target, operation));
}
