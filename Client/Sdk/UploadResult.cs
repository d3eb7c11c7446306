using OrleansBridge.Cache;

namespace OrleansBridge.Client;

/// <summary>The outcome of an upload: the entry is in the server's cache under <see cref="Hash"/>.</summary>
/// <param name="Hash">The entry's key, the SHA-256 of the content.</param>
/// <param name="Length">The content's length.</param>
/// <param name="SentBytes">Content bytes this upload sent (chunks replayed after a reconnect count once).</param>
/// <param name="AlreadyCached">
/// True when the cache had the entry already, so this upload did not store it: the query said so (and
/// nothing was sent), or another upload stored it while this one was under way.
/// </param>
public sealed record UploadResult(ContentHash Hash, long Length, long SentBytes, bool AlreadyCached);
