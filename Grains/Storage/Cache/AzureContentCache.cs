using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Azure;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// The <c>azure:</c> backend: one block blob per entry in a container, named by its hash, through
/// <c>Azure.Storage.Blobs</c>. Writes are create-only (<c>If-None-Match: *</c>), so an entry is never
/// rewritten and concurrent writers leave one blob; "already exists" (409/412) counts as success.
/// See <see cref="PutAsync"/> for how content is verified before it becomes visible.
/// </summary>
public sealed partial class AzureContentCache : IContentCache, IDisposable
{
    private const int LookupParallelism = 8;
    private readonly AzureBlobContainer _container;
    private readonly ContentCacheOptions _options;
    private readonly ILogger _logger;

    /// <summary>Opens the cache at <paramref name="location"/>: <c>&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    public AzureContentCache(string location, ContentCacheOptions options, ILogger<AzureContentCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!AzureBlobLocation.TryParse(location, out var parsed, out var error))
        {
            throw new ArgumentException(error, nameof(location));
        }

        _options = options;
        _logger = logger;
        _container = new AzureBlobContainer(parsed, options.Http, logger);
    }

    /// <inheritdoc />
    public long MaxEntryBytes => _options.MaxEntryBytes;

    /// <inheritdoc />
    public async Task<CacheResult<IReadOnlyList<ContentHash>>> FindMissingAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var distinct = hashes.Distinct().ToArray();
        var answers = new (bool Exists, BlobError? Error)[distinct.Length];
        await Parallel.ForAsync(0, distinct.Length, new ParallelOptions { MaxDegreeOfParallelism = LookupParallelism, CancellationToken = cancellationToken }, async (i, token) =>
            answers[i] = await ExistsAsync(distinct[i], token));
        var missing = new List<ContentHash>();
        for (var i = 0; i < distinct.Length; i++)
        {
            if (answers[i].Error is { } error)
            {
                return Failure(error, "Get Blob Properties").As<IReadOnlyList<ContentHash>>();
            }

            if (!answers[i].Exists)
            {
                missing.Add(distinct[i]);
            }
        }

        return CacheResult.Ok<IReadOnlyList<ContentHash>>(missing);
    }

    /// <inheritdoc />
    public async Task<CacheResult<CacheEntryInfo>> GetInfoAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await _container.Blob(hash.ToString()).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return CacheResult.Ok(new CacheEntryInfo(hash, properties.ContentLength, properties.LastModified, null));
        }
        catch (Exception ex) when (_container.TryRead(ex, "Get Blob Properties", cancellationToken, out var error))
        {
            return error.Status == 404 ? CacheResult.Fail<CacheEntryInfo>(ErrorCode.CacheEntryNotFound) : Failure(error, "Get Blob Properties").As<CacheEntryInfo>();
        }
    }

    /// <inheritdoc />
    public async Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            var download = (await _container.Blob(hash.ToString()).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            return CacheResult.Ok<Stream>(new ResponseStream(download.Content, download.Details.ContentLength, download));
        }
        catch (Exception ex) when (_container.TryRead(ex, "Get Blob", cancellationToken, out var error))
        {
            return error.Status == 404 ? CacheResult.Fail<Stream>(ErrorCode.CacheEntryNotFound) : Failure(error, "Get Blob").As<Stream>();
        }
    }

    /// <inheritdoc />
    public async Task<CacheResult> DeleteAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            await _container.Blob(hash.ToString()).DeleteAsync(cancellationToken: cancellationToken);
            return CacheResult.Success;
        }
        catch (Exception ex) when (_container.TryRead(ex, "Delete Blob", cancellationToken, out var error))
        {
            return error.Status == 404 ? CacheResult.Fail(ErrorCode.CacheEntryNotFound) : Failure(error, "Delete Blob");
        }
    }

    /// <inheritdoc />
    public async Task<CacheResult<CacheListPage>> ListAsync(string? continuation, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        try
        {
            // One page of List Blobs: committed blobs only, so staged blocks of an unfinished upload never show.
            var pages = _container.Client.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).AsPages(string.IsNullOrEmpty(continuation) ? null : continuation, maxEntries);
            await foreach (var page in pages.WithCancellation(cancellationToken))
            {
                var entries = new List<CacheEntryInfo>(page.Values.Count);
                foreach (var item in page.Values)
                {
                    if (ContentHash.TryParse(item.Name, out var hash))
                    {
                        entries.Add(new CacheEntryInfo(hash, item.Properties.ContentLength ?? 0, item.Properties.LastModified ?? DateTimeOffset.MinValue, item.Properties.LastAccessedOn));
                    }
                }

                return CacheResult.Ok(new CacheListPage(entries, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken));
            }

            return CacheResult.Ok(new CacheListPage([], null));
        }
        catch (Exception ex) when (_container.TryRead(ex, "List Blobs", cancellationToken, out var error))
        {
            return error.Status == 404
                ? CacheResult.Ok(new CacheListPage([], null)) // No container yet: nothing was ever stored.
                : Failure(error, "List Blobs").As<CacheListPage>();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _container.Dispose();

    /// <summary>Get Blob Properties, as a value: a lookup of many hashes should not stop at the first exception.</summary>
    private async Task<(bool Exists, BlobError? Error)> ExistsAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            return ((await _container.Blob(hash.ToString()).ExistsAsync(cancellationToken)).Value, null);
        }
        catch (Exception ex) when (_container.TryRead(ex, "Get Blob Properties", cancellationToken, out var error))
        {
            return (false, error);
        }
    }

    private CacheResult Failure(BlobError error, string operation) => CacheResult.Fail(
        error.IsTransient ? ErrorCode.CacheUnavailable : ErrorCode.CacheStorageError,
        error.Describe(_container.Target, operation));
}
