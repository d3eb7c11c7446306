using System.Diagnostics.CodeAnalysis;
using OrleansBridge.Protocol;

namespace OrleansBridge.Cache;

/// <summary>The outcome of a cache call that returns a value on success.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Value">The value on success; null otherwise.</param>
/// <param name="Detail">A message a person can act on; null on success.</param>
public readonly record struct CacheResult<T>(ErrorCode Error, T? Value, string? Detail)
    where T : class
{
    /// <summary>True on success, when <see cref="Value"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Error == ErrorCode.None && Value is not null;

    /// <summary>The failure without its value, to pass on.</summary>
    public CacheResult Status => new(Error, Detail);
}
