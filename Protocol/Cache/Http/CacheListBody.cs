namespace OrleansBridge.Cache.Http;

/// <summary>A page of a cache server listing (GET <c>/cache</c>).</summary>
public sealed record CacheListBody(IReadOnlyList<CacheEntryBody> Entries, string? Continuation);
