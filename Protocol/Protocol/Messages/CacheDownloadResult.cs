namespace OrleansBridge.Protocol.Messages;

/// <summary><c>cache.download</c> result: the bytes of the range, base64.</summary>
/// <param name="Hash">The entry's key.</param>
/// <param name="Offset">Where the range starts.</param>
/// <param name="Length">Bytes in <see cref="Data"/>.</param>
/// <param name="Total">The whole entry's length.</param>
/// <param name="Data">The bytes, base64 (RFC 4648 §4).</param>
public sealed record CacheDownloadResult(string Hash, long Offset, int Length, long Total, byte[] Data);
