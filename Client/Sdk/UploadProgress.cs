namespace OrleansBridge.Client;

/// <summary>Where an upload is (see <see cref="BridgeSession.UploadAsync(Stream, IProgress{UploadProgress}?, CancellationToken)"/>).</summary>
public enum UploadPhase
{
    /// <summary>Reading the content once to compute its SHA-256, the entry's key.</summary>
    Hashing,

    /// <summary>Asking the server whether its cache has the entry already.</summary>
    Querying,

    /// <summary>Sending the content in chunks.</summary>
    Uploading,

    /// <summary>The entry is in the cache.</summary>
    Done,
}

/// <summary>One progress report of an upload.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="TotalBytes">The content's length.</param>
/// <param name="ProcessedBytes">Hashing: bytes hashed. Uploading: bytes the server has taken. Done: the length.</param>
/// <param name="SentBytes">Content bytes sent to the server so far (0 when it had the entry).</param>
public readonly record struct UploadProgress(UploadPhase Phase, long TotalBytes, long ProcessedBytes, long SentBytes);
