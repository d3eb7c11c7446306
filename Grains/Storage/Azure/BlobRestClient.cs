using System.Net;
using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// A minimal Azure Blob Storage REST client, written here because the Azure SDK cannot be restored in
/// this product's build. It covers only the calls the product makes: Create Container, Put Blob, Put
/// Block, Put Block List, Get Blob, Get Blob Properties, Delete Blob and List Blobs, each signed with
/// Shared Key and sent with bounded retries. Answers come back as <see cref="BlobResponse"/> values;
/// the caller decides what a status means for it.
/// </summary>
internal sealed partial class BlobRestClient : IDisposable
{
    private readonly AzureBlobLocation _location;
    private readonly HttpClient _http;
    private readonly HttpRetry _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<BlobResponse>? _containerReady;

    public BlobRestClient(AzureBlobLocation location, StorageHttpOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        _location = location;
        _time = time;
        _logger = logger;
        _http = options.CreateClient(handler);
        _retry = new HttpRetry(_http, options.RetryAttempts, options.RetryBaseDelay, time, logger, Target);
    }

    /// <summary>What this client talks to, for messages (never the key).</summary>
    public string Target => $"Azure Blob Storage {_location}";

    /// <summary>Creates the container unless it exists (Create Container; 409 ContainerAlreadyExists is success). Once per client.</summary>
    public Task<BlobResponse> EnsureContainerAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_containerReady is null || (_containerReady.IsCompleted && !(_containerReady.IsCompletedSuccessfully && _containerReady.Result.IsSuccess)))
            {
                _containerReady = CreateContainerAsync(cancellationToken);
            }

            return _containerReady;
        }
    }

    /// <summary>Put Blob: the whole blob in one request, as a block blob.</summary>
    public Task<BlobResponse> PutBlobAsync(string name, ReadOnlyMemory<byte> content, BlobConditions conditions, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, BlobUri(name), content, request =>
        {
            request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
            conditions.Apply(request);
        }, cancellationToken);

    /// <summary>Get Blob Properties (HEAD): existence, length, ETag, Last-Modified.</summary>
    public Task<BlobResponse> GetPropertiesAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Head, BlobUri(name), null, null, cancellationToken);

    /// <summary>Delete Blob, conditionally when <paramref name="conditions"/> say so.</summary>
    public Task<BlobResponse> DeleteBlobAsync(string name, BlobConditions conditions, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, BlobUri(name), null, conditions.Apply, cancellationToken);

    /// <summary>Get Blob: on 200 the body stream (owning the response); otherwise the answer alone.</summary>
    public async Task<(BlobResponse Response, Stream? Content)> GetBlobAsync(string name, CancellationToken cancellationToken)
    {
        var outcome = await _retry.SendAsync(() => Build(HttpMethod.Get, BlobUri(name), null, null), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (outcome.Response is not { } response)
        {
            return (BlobResponse.Unreachable(outcome.Failure ?? "unknown failure", outcome.Attempts), null);
        }

        var result = BlobResponse.From(response, outcome.Attempts);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            return (result, null);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return (result, new ResponseStream(body, result.ContentLength ?? 0, response));
    }

    public void Dispose() => _http.Dispose();

    private async Task<BlobResponse> CreateContainerAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Put, new Uri($"{ContainerUri}?restype=container"), ReadOnlyMemory<byte>.Empty, null, cancellationToken);
        if (response.Status == (int)HttpStatusCode.Created)
        {
            LogContainerCreated(_logger, Target);
        }

        return response.Status == (int)HttpStatusCode.Conflict ? response with { Status = 200 } : response;
    }

    private string ContainerUri => $"{_location.Account.BlobEndpoint}/{_location.Container}";

    private Uri BlobUri(string name, string? query = null) =>
        new($"{ContainerUri}/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}{query}");

    private async Task<BlobResponse> SendAsync(HttpMethod method, Uri uri, ReadOnlyMemory<byte>? content, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken)
    {
        var outcome = await _retry.SendAsync(() => Build(method, uri, content, configure), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (outcome.Response is not { } response)
        {
            return BlobResponse.Unreachable(outcome.Failure ?? "unknown failure", outcome.Attempts);
        }

        using (response)
        {
            var result = BlobResponse.From(response, outcome.Attempts);
            if (result.Status == (int)HttpStatusCode.Forbidden)
            {
                LogRefused(_logger, Target, method.Method, result.ToString());
            }

            return result;
        }
    }

    private HttpRequestMessage Build(HttpMethod method, Uri uri, ReadOnlyMemory<byte>? content, Action<HttpRequestMessage>? configure)
    {
        var request = new HttpRequestMessage(method, uri);
        if (content is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
        }

        configure?.Invoke(request);
        SharedKeySigner.Sign(request, _location.Account, _time.GetUtcNow());
        return request;
    }

    [LoggerMessage(EventId = LogEvents.BlobContainerCreated, Level = LogLevel.Information, Message = "{Target}: container created")]
    private static partial void LogContainerCreated(ILogger logger, string target);

    [LoggerMessage(EventId = LogEvents.StorageRefused, Level = LogLevel.Error, Message = "{Target} refused {Method} ({Answer}): check AccountName and AccountKey")]
    private static partial void LogRefused(ILogger logger, string target, string method, string answer);
}
