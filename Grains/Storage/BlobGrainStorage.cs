using Azure;
using Azure.Storage.Blobs.Models;
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
/// surfaces as <see cref="IOException"/> after the SDK's bounded retries.
/// </summary>
public sealed class BlobGrainStorage : ISharedGrainStorage, IGrainStorageListing, IDisposable
{
    private readonly AzureBlobContainer _container;

    /// <summary>Opens the store at <paramref name="location"/>: <c>&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    /// <param name="location">Where the state lives.</param>
    /// <param name="options">Retry bounds and timeouts, handed to the SDK.</param>
    /// <param name="logger">Where storage failures are logged.</param>
    public BlobGrainStorage(string location, StorageHttpOptions options, ILogger<BlobGrainStorage> logger)
    {
        if (!AzureBlobLocation.TryParse(location, out var parsed, out var error))
        {
            throw new ArgumentException(error, nameof(location));
        }

        _container = new AzureBlobContainer(parsed, options, logger);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string grainType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = GrainStorageKeys.Escape(grainType) + "/";
        var blobs = _container.Client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await blobs.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (_container.TryRead(ex, "List Blobs", cancellationToken, out var error))
                {
                    if (error.Status == 404)
                    {
                        yield break; // no container yet: nothing stored
                    }

                    throw Unavailable(error, "List Blobs");
                }

                var name = blobs.Current.Name[prefix.Length..];
                if (name.EndsWith(".state", StringComparison.Ordinal) && GrainStorageKeys.TryUnescape(name[..^".state".Length], out var key))
                {
                    yield return key;
                }
            }
        }
        finally
        {
            await blobs.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.Blob(NameOf(grainType, key)).DownloadContentAsync(cancellationToken);
            return new GrainStateRecord(download.Value.Content.ToArray(), download.Value.Details.ETag.ToString());
        }
        catch (Exception ex) when (_container.TryRead(ex, "Get Blob", cancellationToken, out var error))
        {
            return error.Status == 404 ? null : throw Unavailable(error, "Get Blob");
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string grainType, string key, ReadOnlyMemory<byte> data, string? etag, CancellationToken cancellationToken)
    {
        if (await _container.EnsureExistsAsync(cancellationToken) is { } failed)
        {
            throw Unavailable(failed, "Create Container");
        }

        var conditions = new BlobRequestConditions
        {
            IfMatch = etag is null ? null : new ETag(etag),
            IfNoneMatch = etag is null ? ETag.All : null,
        };
        try
        {
            // BlockBlobClient.UploadAsync is always one Put Blob, so the condition covers the whole write.
            var uploaded = await _container.Blob(NameOf(grainType, key)).UploadAsync(
                BinaryData.FromBytes(data).ToStream(), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            return uploaded.Value.ETag.ToString();
        }
        catch (Exception ex) when (_container.TryRead(ex, "Put Blob", cancellationToken, out var error))
        {
            throw IsConflict(error) ? Conflict(grainType, key, etag, error) : Unavailable(error, "Put Blob");
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string grainType, string key, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await _container.Blob(NameOf(grainType, key)).DeleteAsync(
                DeleteSnapshotsOption.None, new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken);
        }
        catch (Exception ex) when (_container.TryRead(ex, "Delete Blob", cancellationToken, out var error))
        {
            if (error is { Status: 404 } && error.ErrorCode != "ContainerNotFound")
            {
                return; // Gone already, as the folder storage treats it.
            }

            throw IsConflict(error) ? Conflict(grainType, key, etag, error) : Unavailable(error, "Delete Blob");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _container.Dispose();

    private static string NameOf(string grainType, string key) =>
        $"{GrainStorageKeys.Escape(grainType)}/{GrainStorageKeys.Escape(key)}.state";

    /// <summary>409 (exists, for If-None-Match: *) or 412 (ETag changed); 404 on If-Match means it was deleted meanwhile.</summary>
    private static bool IsConflict(BlobError error) =>
        error.Status is 409 or 412 || (error.Status == 404 && error.ErrorCode == "BlobNotFound");

    private static GrainStateConflictException Conflict(string grainType, string key, string? etag, BlobError error) =>
        new($"Grain state {grainType}/{key} changed: expected ETag {etag ?? "<none>"}, the store answered {error}.");

    private IOException Unavailable(BlobError error, string operation) => new(error.Describe(_container.Target, operation));
}
