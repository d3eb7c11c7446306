using OrleansBridge.Protocol;

namespace OrleansBridge.Cache;

/// <summary>The outcome of <see cref="IContentCache.PutAsync"/>.</summary>
/// <param name="Status">Stored, already present, or failed.</param>
/// <param name="Error"><see cref="ErrorCode.None"/> unless <see cref="CachePutStatus.Failed"/>.</param>
/// <param name="Detail">A message a person can act on, more specific than the code's default.</param>
public readonly record struct CachePutResult(CachePutStatus Status, ErrorCode Error, string? Detail)
{
    /// <summary>True when the entry is in the cache now.</summary>
    public bool Succeeded => Status != CachePutStatus.Failed;

    /// <summary>The content was stored.</summary>
    public static CachePutResult Stored { get; } = new(CachePutStatus.Stored, ErrorCode.None, null);

    /// <summary>The entry was present already.</summary>
    public static CachePutResult AlreadyPresent { get; } = new(CachePutStatus.AlreadyPresent, ErrorCode.None, null);

    /// <summary>Nothing was stored.</summary>
    public static CachePutResult Fail(ErrorCode error, string? detail = null) =>
        new(CachePutStatus.Failed, error, detail ?? ErrorCodes.Describe(error));

    /// <summary>The failure of another cache call, as a put result.</summary>
    public static CachePutResult Fail(CacheResult failure) => new(CachePutStatus.Failed, failure.Error, failure.Detail);
}
