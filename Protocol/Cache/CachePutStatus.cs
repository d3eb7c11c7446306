namespace OrleansBridge.Cache;

/// <summary>What a put did.</summary>
public enum CachePutStatus
{
    /// <summary>Nothing was stored; the result's error code says why.</summary>
    Failed = 0,

    /// <summary>The content matched its hash and is now an entry.</summary>
    Stored = 1,

    /// <summary>The entry was there already; nothing was written.</summary>
    AlreadyPresent = 2,
}
