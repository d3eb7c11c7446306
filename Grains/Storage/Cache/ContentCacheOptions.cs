using OrleansBridge.Storage.Http;

namespace OrleansBridge.Storage.Cache;

/// <summary>Limits and tuning of the content caches (configuration section <c>Bridge:Cache</c>, docs/cache.md).</summary>
public sealed class ContentCacheOptions
{
    /// <summary>The largest entry a put accepts, in bytes.</summary>
    public long MaxEntryBytes { get; set; } = 1L << 30;

    /// <summary>
    /// <c>azure:</c> entries up to this size go up in one Put Blob; larger ones in Put Block calls of this
    /// size. At least 4 MiB, which also makes Azure store them as high-throughput block blobs.
    /// </summary>
    public int AzureBlockBytes { get; set; } = MinAzureBlockBytes;

    /// <summary>The bearer token the <c>address:</c> backend presents to the cache server.</summary>
    public string? ServerToken { get; set; }

    /// <summary>
    /// <c>path:</c> temporary files older than this, and held by no writer, belong to a crashed writer and
    /// are deleted when the cache is opened.
    /// </summary>
    public TimeSpan StaleTemporaryFileAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Garbage collection deletes only unpinned entries stored at least this long ago, so an entry that
    /// was just uploaded, and whose uploader has not pinned it in a snapshot yet, is never swept.
    /// </summary>
    public TimeSpan GcMinimumAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retries and timeouts of the <c>azure:</c> and <c>address:</c> backends.</summary>
    public StorageHttpOptions Http { get; set; } = new();

    /// <summary>The smallest block the <c>azure:</c> backend uses.</summary>
    public const int MinAzureBlockBytes = 4 << 20;

    /// <summary>Problems with these options, by configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxEntryBytes < 1)
        {
            problems.Add("Bridge:Cache:MaxEntryBytes must be positive.");
        }

        if (AzureBlockBytes is < MinAzureBlockBytes or > (256 << 20))
        {
            problems.Add("Bridge:Cache:AzureBlockBytes must be between 4 MiB and 256 MiB.");
        }

        if (GcMinimumAge < TimeSpan.Zero)
        {
            problems.Add("Bridge:Cache:GcMinimumAge must not be negative.");
        }

        if (Http.RetryAttempts < 1 || Http.RetryBaseDelay < TimeSpan.Zero || Http.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("Bridge:Cache:Http: RetryAttempts must be at least 1, RetryBaseDelay not negative, RequestTimeout positive.");
        }

        return problems;
    }
}
