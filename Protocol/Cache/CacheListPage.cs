namespace OrleansBridge.Cache;

/// <summary>One page of a cache listing.</summary>
/// <param name="Entries">The entries of this page.</param>
/// <param name="Continuation">Where the next page starts; null when this was the last page.</param>
public sealed record CacheListPage(IReadOnlyList<CacheEntryInfo> Entries, string? Continuation);
