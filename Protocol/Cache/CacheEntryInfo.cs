namespace OrleansBridge.Cache;

/// <summary>What the cache knows about one entry.</summary>
/// <param name="Hash">The entry's key.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="LastModified">When it was stored.</param>
/// <param name="LastAccessed">When it was last read, where the backend tracks it (file access time; blob last-access tracking); null otherwise.</param>
public sealed record CacheEntryInfo(ContentHash Hash, long Length, DateTimeOffset LastModified, DateTimeOffset? LastAccessed);
