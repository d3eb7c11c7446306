namespace OrleansBridge.Cache.Http;

/// <summary>One entry in a cache server listing.</summary>
public sealed record CacheEntryBody(string Hash, long Length, DateTimeOffset LastModified, DateTimeOffset? LastAccessed);
