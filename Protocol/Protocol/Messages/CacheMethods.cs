namespace OrleansBridge.Protocol.Messages;

/// <summary>
/// The methods of the content-addressed cache (docs/protocol.md §6.3): ask which entries are
/// missing, upload a missing one in chunks, cancel an upload. Keys travel as 64 lowercase hex
/// characters and are parsed with <see cref="Cache.ContentHash.TryParse(string?, out Cache.ContentHash)"/>
/// before anything touches storage.
/// </summary>
public static class CacheMethods
{
    /// <summary>Params <see cref="CacheQueryParams"/>, result <see cref="CacheQueryResult"/>.</summary>
    public const string Query = "cache.query";

    /// <summary>A Bulk request: params <see cref="CacheUploadParams"/> plus the chunk's raw bytes; result <see cref="CacheUploadResult"/>.</summary>
    public const string Upload = "cache.upload";

    /// <summary>Params <see cref="CacheCancelParams"/>, result <see cref="CacheCancelResult"/>.</summary>
    public const string Cancel = "cache.cancel";

    /// <summary>Params <see cref="CacheDownloadParams"/>, result <see cref="CacheDownloadResult"/>: a range of an entry, base64.</summary>
    public const string Download = "cache.download";

    /// <summary>Hashes one query may carry: bounds the request and the work one request makes.</summary>
    public const int MaxHashesPerQuery = 10_000;

    /// <summary>Uploads one session may have in progress at once: each holds an open write into the cache.</summary>
    public const int MaxUploadsPerSession = 16;
}
