namespace OrleansBridge.Protocol.Messages;

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
