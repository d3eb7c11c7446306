namespace OrleansBridge.Cache.Http;

/// <summary>A list of hashes: the question of POST <c>/cache/missing</c> and its answer.</summary>
public sealed record CacheHashesBody(IReadOnlyList<string> Hashes);
