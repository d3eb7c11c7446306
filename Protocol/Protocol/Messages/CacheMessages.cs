namespace OrleansBridge.Protocol.Messages;

// The bodies of the cache methods (docs/protocol.md §6.3): params and result of each, side by side.

/// <summary>Parameters of <c>cache.query</c>: the keys the client means to use.</summary>
/// <param name="Hashes">SHA-256 keys, each exactly 64 lowercase hex characters; at most <see cref="CacheMethods.MaxHashesPerQuery"/>.</param>
public sealed record CacheQueryParams(IReadOnlyList<string>? Hashes);

/// <summary>Result of <c>cache.query</c>: what the client has to upload.</summary>
/// <param name="Missing">The queried keys the cache lacks, in the order asked, each once.</param>
public sealed record CacheQueryResult(IReadOnlyList<string> Missing);

/// <summary>The JSON part of one <c>cache.upload</c> chunk; the chunk's bytes follow as the frame's raw bulk part.</summary>
/// <param name="Hash">The entry's key: the SHA-256 of the whole entry, 64 lowercase hex characters.</param>
/// <param name="Offset">Where this chunk starts in the entry: 0 for the first, then the bytes sent so far.</param>
/// <param name="Length">The whole entry's length; required on the first chunk, checked when repeated.</param>
/// <param name="Final">True on the last chunk: the server verifies the SHA-256 and makes the entry visible.</param>
public sealed record CacheUploadParams(string? Hash, long? Offset, long? Length, bool Final);

/// <summary>Result of one <c>cache.upload</c> chunk.</summary>
/// <param name="Hash">The entry's key.</param>
/// <param name="Received">Bytes of the entry the server has taken so far.</param>
/// <param name="Done">True when the entry is in the cache: send no more chunks of it.</param>
/// <param name="Stored">Only when done: true when this upload stored the entry, false when it was present already.</param>
public sealed record CacheUploadResult(string Hash, long Received, bool Done, bool? Stored);

/// <summary>Parameters of <c>cache.cancel</c>: the upload of this session to drop.</summary>
/// <param name="Hash">The key of the entry being uploaded.</param>
public sealed record CacheCancelParams(string? Hash);

/// <summary>Result of <c>cache.cancel</c>.</summary>
/// <param name="Cancelled">True when an upload was in progress and its partial content was discarded.</param>
public sealed record CacheCancelResult(bool Cancelled);
