using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;
using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// The container a cache or a grain store lives in, through <c>Azure.Storage.Blobs</c>: one
/// <see cref="BlobContainerClient"/> with our retry bounds and timeouts, the container created once,
/// and the SDK's exceptions read into <see cref="BlobError"/> values (logged where an operator must act).
/// </summary>
internal sealed partial class AzureBlobContainer : IDisposable
{
    private readonly HttpClientTransport _transport;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<BlobError?>? _ready;

    public AzureBlobContainer(AzureBlobLocation location, StorageHttpOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryAttempts, 1);
        _logger = logger;
        Target = $"Azure Blob Storage {location}";

        // Connections are recycled so DNS changes are seen; a dead endpoint fails within ConnectTimeout.
        _transport = new HttpClientTransport(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.ConnectTimeout,
        });

        // Azure.Storage.Blobs 12.30.1 sends x-ms-version 2026-10-06 by default, which Azurite 3.35.0
        // (the emulator the tests and a local cluster run on) refuses with 400 InvalidHeaderValue. The
        // newest version Azurite 3.35.0 accepts is pinned instead of starting it with
        // --skipApiVersionCheck; every call this product makes exists in it. Raise it with Azurite.
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05)
        {
            Transport = _transport,
        };

        // The SDK retries connection failures, network timeouts and 408/429/500/502/503/504 with
        // exponential backoff and jitter: the same rules our own retry loop had, with the same bounds.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.RetryAttempts - 1;
        clientOptions.Retry.Delay = options.RetryBaseDelay;
        clientOptions.Retry.MaxDelay = options.RetryBaseDelay * Math.Pow(2, options.RetryAttempts);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.AddPolicy(new BlobRetryLog(logger, Target), HttpPipelinePosition.PerRetry);
        Client = new BlobContainerClient(location.ConnectionString, location.Container, clientOptions);
    }

    /// <summary>The container.</summary>
    public BlobContainerClient Client { get; }

    /// <summary>What this container is, for messages (never the key).</summary>
    public string Target { get; }

    /// <summary>A block blob of the container.</summary>
    public BlockBlobClient Blob(string name) => Client.GetBlockBlobClient(name);

    /// <summary>Creates the container unless it exists, once per client (again after a failure); null when it is there.</summary>
    public Task<BlobError?> EnsureExistsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_ready is null || (_ready.IsCompleted && !(_ready.IsCompletedSuccessfully && _ready.Result is null)))
            {
                _ready = CreateAsync(cancellationToken);
            }

            return _ready;
        }
    }

    /// <summary>
    /// Reads what a call threw into a <see cref="BlobError"/> (see <see cref="BlobError.TryFrom"/>), and
    /// logs what an operator must act on: a refused key, a store that did not answer.
    /// </summary>
    public bool TryRead(Exception exception, string operation, CancellationToken cancellationToken, out BlobError error)
    {
        if (!BlobError.TryFrom(exception, cancellationToken, out error))
        {
            return false;
        }

        if (error.Status == 403)
        {
            LogRefused(_logger, Target, operation, error.ToString());
        }
        else if (error.IsUnreachable)
        {
            LogUnavailable(_logger, Target, error.Attempts, error.Failure ?? "no answer");
        }

        return true;
    }

    public void Dispose() => _transport.Dispose();

    private async Task<BlobError?> CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken) is not null)
            {
                LogContainerCreated(_logger, Target);
            }

            return null;
        }
        catch (Exception ex) when (TryRead(ex, "Create Container", cancellationToken, out var error))
        {
            return error;
        }
    }

    [LoggerMessage(EventId = LogEvents.BlobContainerCreated, Level = LogLevel.Information, Message = "{Target}: container created")]
    private static partial void LogContainerCreated(ILogger logger, string target);

    [LoggerMessage(EventId = LogEvents.StorageRefused, Level = LogLevel.Error, Message = "{Target} refused {Method} ({Answer}): check AccountName and AccountKey")]
    private static partial void LogRefused(ILogger logger, string target, string method, string answer);

    [LoggerMessage(EventId = LogEvents.StorageUnavailable, Level = LogLevel.Error, Message = "{Target} did not answer after {Attempts} attempts: {Failure}")]
    private static partial void LogUnavailable(ILogger logger, string target, int attempts, string failure);
}
