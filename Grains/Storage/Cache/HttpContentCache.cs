using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Http;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// The <c>address:</c> backend: a client of a cache server (<c>--role cache-server</c>), which keeps
/// the entries and verifies every put itself (<see cref="CacheHttp"/> names the calls). Requests that
/// can be repeated are retried on transient failures; a put is sent once, with
/// <c>Expect: 100-continue</c> and <c>If-None-Match: *</c>, so that an entry the server already has
/// is answered 412 before its content is sent.
/// </summary>
public sealed partial class HttpContentCache : IContentCache, IDisposable
{
    private readonly Uri _address;
    private readonly ContentCacheOptions _options;
    private readonly HttpClient _http;
    private readonly HttpRetry _retry;

    /// <summary>A client of the cache server at <paramref name="address"/>.</summary>
    public HttpContentCache(Uri address, ContentCacheOptions options, TimeProvider time, ILogger<HttpContentCache> logger)
        : this(address, options, time, logger, null)
    {
    }

    internal HttpContentCache(Uri address, ContentCacheOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        _address = new Uri(address.ToString().TrimEnd('/') + "/");
        _options = options;
        _http = options.Http.CreateClient(handler);
        _retry = new HttpRetry(_http, options.Http.RetryAttempts, options.Http.RetryBaseDelay, time, logger, Target);
    }

    /// <inheritdoc />
    public long MaxEntryBytes => _options.MaxEntryBytes;

    private string Target => $"cache server {_address}";

    /// <inheritdoc />
    public async Task<CacheResult<IReadOnlyList<ContentHash>>> FindMissingAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var missing = new List<ContentHash>();
        foreach (var batch in hashes.Distinct().Chunk(CacheHttp.MaxHashesPerQuery))
        {
            var body = new CacheHashesBody([.. batch.Select(h => h.ToString())]);
            using var response = await SendAsync(HttpMethod.Post, CacheHttp.MissingPath, () => JsonContent.Create(body, CacheJson.Default.CacheHashesBody), cancellationToken);
            if (!response.Succeeded)
            {
                return response.Failure.As<IReadOnlyList<ContentHash>>();
            }

            var answer = await response.Message.Content.ReadFromJsonAsync(CacheJson.Default.CacheHashesBody, cancellationToken);
            foreach (var text in answer?.Hashes ?? [])
            {
                if (!ContentHash.TryParse(text, out var hash))
                {
                    return CacheResult.Fail<IReadOnlyList<ContentHash>>(ErrorCode.CacheStorageError, $"{Target} answered a malformed hash.");
                }

                missing.Add(hash);
            }
        }

        return CacheResult.Ok<IReadOnlyList<ContentHash>>(missing);
    }

    /// <inheritdoc />
    public async Task<CacheResult<CacheEntryInfo>> GetInfoAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, CacheHttp.EntryPath(hash), null, cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure.As<CacheEntryInfo>();
        }

        var headers = response.Message.Content.Headers;
        return CacheResult.Ok(new CacheEntryInfo(hash, headers.ContentLength ?? 0, headers.LastModified ?? DateTimeOffset.MinValue, null));
    }

    /// <inheritdoc />
    public async Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, CacheHttp.EntryPath(hash), null, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (!response.Succeeded)
        {
            response.Dispose();
            return response.Failure.As<Stream>();
        }

        var message = response.Message;
        var body = await message.Content.ReadAsStreamAsync(cancellationToken);
        return CacheResult.Ok<Stream>(new ResponseStream(body, message.Content.Headers.ContentLength ?? 0, message));
    }

    /// <inheritdoc />
    public async Task<CacheResult> DeleteAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, CacheHttp.EntryPath(hash), null, cancellationToken);
        return response.Failure;
    }

    /// <inheritdoc />
    public async Task<CacheResult<CacheListPage>> ListAsync(string? continuation, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var query = $"{CacheHttp.Prefix}?{CacheHttp.MaxParameter}={Math.Min(maxEntries, CacheHttp.MaxListPage).ToString(CultureInfo.InvariantCulture)}";
        query += continuation is null ? string.Empty : $"&{CacheHttp.ContinuationParameter}={Uri.EscapeDataString(continuation)}";
        using var response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure.As<CacheListPage>();
        }

        var body = await response.Message.Content.ReadFromJsonAsync(CacheJson.Default.CacheListBody, cancellationToken);
        var entries = new List<CacheEntryInfo>();
        foreach (var entry in body?.Entries ?? [])
        {
            if (ContentHash.TryParse(entry.Hash, out var hash))
            {
                entries.Add(new CacheEntryInfo(hash, entry.Length, entry.LastModified, entry.LastAccessed));
            }
        }

        return CacheResult.Ok(new CacheListPage(entries, body?.Continuation));
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(_address, path.TrimStart('/'))) { Content = content };
        if (!string.IsNullOrEmpty(_options.ServerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ServerToken);
        }

        return request;
    }
}
