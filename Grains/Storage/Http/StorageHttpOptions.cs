namespace OrleansBridge.Storage.Http;

/// <summary>How storage clients that speak HTTP (Azure Blob Storage, a cache server) retry and time out.</summary>
public sealed class StorageHttpOptions
{
    /// <summary>Attempts per request, the first included; transient failures only are retried.</summary>
    public int RetryAttempts { get; set; } = 4;

    /// <summary>The first backoff; each further one doubles.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one request may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long to wait for a TCP connection before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An HttpClient with these timeouts; connections are recycled so DNS changes are seen.</summary>
    internal HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = ConnectTimeout,
        })
        {
            Timeout = RequestTimeout,
        };
}
