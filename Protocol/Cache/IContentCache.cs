namespace OrleansBridge.Cache;

/// <summary>
/// The content-addressed disk cache of an application: bulk data stored under the SHA-256 of its
/// content, shared by every session and node. Entries are immutable: an entry becomes visible only
/// whole and only when its content matches its key, and a key that is present is never rewritten.
/// Expected failures (absent entry, hash mismatch, unreachable storage) come back as values carrying
/// an <see cref="Protocol.ErrorCode"/>; exceptions mean a bug or a misconfiguration. Keys arrive here
/// already validated as <see cref="ContentHash"/> values, so no call can name anything but an entry.
/// </summary>
public interface IContentCache
{
    /// <summary>The largest entry <see cref="PutAsync"/> accepts, in bytes.</summary>
    long MaxEntryBytes { get; }

    /// <summary>
    /// Which of <paramref name="hashes"/> are not in the cache, in the order given (duplicates once):
    /// what a client still has to upload.
    /// </summary>
    Task<CacheResult<IReadOnlyList<ContentHash>>> FindMissingAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken);

    /// <summary>An entry's length and times; <see cref="Protocol.ErrorCode.CacheEntryNotFound"/> when absent.</summary>
    Task<CacheResult<CacheEntryInfo>> GetInfoAsync(ContentHash hash, CancellationToken cancellationToken);

    /// <summary>
    /// Opens an entry for reading; the caller disposes the stream. Its <see cref="Stream.Length"/> is the
    /// entry's length. <see cref="Protocol.ErrorCode.CacheEntryNotFound"/> when absent.
    /// </summary>
    Task<CacheResult<Stream>> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) under <paramref name="hash"/>. The backend
    /// computes the SHA-256 while writing; the entry becomes visible only if it matches, otherwise
    /// nothing is stored and the result is <see cref="Protocol.ErrorCode.CacheHashMismatch"/>. An entry
    /// already present is success (<see cref="CachePutStatus.AlreadyPresent"/>) and is not rewritten;
    /// the content may then be left unread. Concurrent puts of one hash leave exactly one entry.
    /// </summary>
    Task<CachePutResult> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken);

    /// <summary>Deletes an entry (for eviction); <see cref="Protocol.ErrorCode.CacheEntryNotFound"/> when absent.</summary>
    Task<CacheResult> DeleteAsync(ContentHash hash, CancellationToken cancellationToken);

    /// <summary>
    /// One page of entries (for garbage collection and LRU eviction). Pass the previous page's
    /// <see cref="CacheListPage.Continuation"/> to go on; it is opaque and belongs to this backend.
    /// Entries being written and not yet verified are never listed.
    /// </summary>
    Task<CacheResult<CacheListPage>> ListAsync(string? continuation, int maxEntries, CancellationToken cancellationToken);
}
