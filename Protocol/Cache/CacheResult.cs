using OrleansBridge.Protocol;

namespace OrleansBridge.Cache;

/// <summary>The outcome of a cache call that returns nothing but success or an error.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Detail">A message a person can act on; null on success.</param>
public readonly record struct CacheResult(ErrorCode Error, string? Detail)
{
    /// <summary>True on success.</summary>
    public bool Succeeded => Error == ErrorCode.None;

    /// <summary>Success.</summary>
    public static CacheResult Success { get; } = new(ErrorCode.None, null);

    /// <summary>A failure with the code's default message unless a more specific one is given.</summary>
    public static CacheResult Fail(ErrorCode error, string? detail = null) => new(error, detail ?? ErrorCodes.Describe(error));

    /// <summary>Success with a value.</summary>
    public static CacheResult<T> Ok<T>(T value)
        where T : class => new(ErrorCode.None, value, null);

    /// <summary>A failure carrying no value, with the code's default message unless a more specific one is given.</summary>
    public static CacheResult<T> Fail<T>(ErrorCode error, string? detail = null)
        where T : class => new(error, null, detail ?? ErrorCodes.Describe(error));

    /// <summary>This failure, passed on as the result of a call that returns a value.</summary>
    public CacheResult<T> As<T>()
        where T : class => new(Error, null, Detail);
}
