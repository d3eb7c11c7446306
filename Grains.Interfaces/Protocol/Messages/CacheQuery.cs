namespace OrleansBridge.Protocol.Messages;

/// <summary>Parameters of <c>cache.query</c>: the keys the client means to use.</summary>
/// <param name="Hashes">SHA-256 keys, each exactly 64 lowercase hex characters; at most <see cref="CacheMethods.MaxHashesPerQuery"/>.</param>
public sealed record CacheQueryParams(IReadOnlyList<string>? Hashes);

/// <summary>Result of <c>cache.query</c>: what the client has to upload.</summary>
/// <param name="Missing">The queried keys the cache lacks, in the order asked, each once.</param>
public sealed record CacheQueryResult(IReadOnlyList<string> Missing);
