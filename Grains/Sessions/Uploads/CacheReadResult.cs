namespace OrleansBridge.Sessions.Uploads;

/// <summary>The result of <c>cache.read</c> (docs/protocol.md §6.4).</summary>
/// <param name="Hash">The entry's key.</param>
/// <param name="Offset">Where the slice starts.</param>
/// <param name="Length">Bytes in the slice (0 at the end of the entry).</param>
/// <param name="Total">The whole entry's length.</param>
/// <param name="Data">The slice, base64 (RFC 4648 §4).</param>
internal sealed record CacheReadResult(string Hash, long Offset, int Length, long Total, string Data);
