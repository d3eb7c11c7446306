namespace OrleansBridge.Protocol.Messages;

/// <summary>
/// <c>cache.download</c> params (docs/protocol.md §6.4): a range of one entry. <see cref="Length"/>
/// absent or above <see cref="MaxChunkBytes"/> reads that many at most.
/// </summary>
/// <param name="Hash">The entry's key.</param>
/// <param name="Offset">Where the range starts (0 when absent).</param>
/// <param name="Length">Bytes wanted; null for as many as one answer carries.</param>
public sealed record CacheDownloadParams(string? Hash, long Offset = 0, int? Length = null)
{
    /// <summary>Bytes one answer carries at most: 1 MiB, about 1.4 MB of base64, well within the message and outbox limits.</summary>
    public const int MaxChunkBytes = 1 << 20;
}
