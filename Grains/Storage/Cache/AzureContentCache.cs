using System.Net;
using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// The <c>azure:</c> backend: one block blob per entry in a container, named by its hash. Writes are
/// create-only (<c>If-None-Match: *</c>), so an entry is never rewritten and concurrent writers leave
/// one blob; "already exists" (409/412) counts as success. See <see cref="PutAsync"/> for how content
/// is verified before it becomes visible.
/// </summary>
public sealed partial class AzureContentCache : IContentCache, IDisposable
{
    private const int LookupParallelism = 8;
    private readonly BlobRestClient _client;
    private readonly ContentCacheOptions _options;
    private readonly ILogger _logger;

    /// <summary>Opens the cache at <paramref name="location"/>: <c>&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    public AzureContentCache(string location, ContentCacheOptions options, TimeProvider time, ILogger<AzureContentCache> logger)
        : this(Parse(location), options, time, logger, null)
    {
    }

    internal AzureContentCache(AzureBlobLocation location, ContentCacheOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _client = new BlobRestClient(location, options.Http, time, logger, handler);
    }

    /// <inheritdoc />
    public long MaxEntryBytes => _options.MaxEntryBytes;

    /// <inheritdoc />
    public async Task<CacheResult<IReadOnlyList<ContentHash>>> FindMissingAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var distinct = hashes.Distinct().ToArray();
        var answers = new BlobResponse[distinct.Length];
        await Parallel.ForAsync(0, distinct.Length, new ParallelOptions { MaxDegreeOfParallelism = LookupParallelism, CancellationToken = cancellationToken }, async (i, token) =>
            answers[i] = await _client.GetPropertiesAsync(distinct[i].ToString(), token));
        var missing = new List<ContentHash>();
        for (var i = 0; i < distinct.Length; i++)
        {
            if (answers[i].Status == (int)HttpStatusCode.NotFound)
            {
                missing.Add(distinct[i]);
            }
            else if (!answers[i].IsSuccess)
            {
                return Failure(answers[i], "Get Blob Properties").As<IReadOnlyList<ContentHash>>();
            }
        }

        return CacheResult.Ok<IReadOnlyList<ContentHash>>(missing);
    }

    /// <inheritdoc />
    public async Task<CacheResult<CacheEntryInfo>> GetInfoAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var response = await _client.GetPropertiesAsync(hash.ToString(), cancellationToken);
        return response.Status switch
        {
            (int)HttpStatusCode.OK => CacheResult.Ok(new CacheEntryInfo(hash, response.ContentLength ?? 0, response.LastModified ?? DateTimeOffset.MinValue, null)),
            (int)HttpStatusCode.NotFound => CacheResult.Fail<CacheEntryInfo>(ErrorCode.CacheEntryNotFound),
            _ => Failure(response, "Get Blob Properties").As<CacheEntryInfo>(),
        };
    }

    /// <inheritdoc />
    public async Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var (response, content) = await _client.GetBlobAsync(hash.ToString(), cancellationToken);
        return content is not null ? CacheResult.Ok(content)
            : response.Status == (int)HttpStatusCode.NotFound ? CacheResult.Fail<Stream>(ErrorCode.CacheEntryNotFound)
            : Failure(response, "Get Blob").As<Stream>();
    }

    /// <inheritdoc />
    public async Task<CacheResult> DeleteAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var response = await _client.DeleteBlobAsync(hash.ToString(), BlobConditions.None, cancellationToken);
        return response.IsSuccess ? CacheResult.Success
            : response.Status == (int)HttpStatusCode.NotFound ? CacheResult.Fail(ErrorCode.CacheEntryNotFound)
            : Failure(response, "Delete Blob");
    }

    /// <inheritdoc />
    public async Task<CacheResult<CacheListPage>> ListAsync(string? continuation, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var (response, items, next) = await _client.ListBlobsAsync(null, continuation, maxEntries, cancellationToken);
        if (response.Status == (int)HttpStatusCode.NotFound)
        {
            return CacheResult.Ok(new CacheListPage([], null)); // No container yet: nothing was ever stored.
        }

        if (!response.IsSuccess)
        {
            return Failure(response, "List Blobs").As<CacheListPage>();
        }

        var entries = new List<CacheEntryInfo>(items.Count);
        foreach (var item in items)
        {
            if (ContentHash.TryParse(item.Name, out var hash))
            {
                entries.Add(new CacheEntryInfo(hash, item.Length, item.LastModified, item.LastAccessed));
            }
        }

        return CacheResult.Ok(new CacheListPage(entries, next));
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static AzureBlobLocation Parse(string location) =>
        AzureBlobLocation.TryParse(location, out var parsed, out var error) ? parsed : throw new ArgumentException(error, nameof(location));

    private CacheResult Failure(BlobResponse response, string operation) => CacheResult.Fail(
        response.IsTransient ? ErrorCode.CacheUnavailable : ErrorCode.CacheStorageError,
        BlobFailure.Describe(response, _client.Target, operation));
}
