
namespace OrleansBridge.Rendering.Adapter;

/// <summary>The bytes of one bulk entry, or why they could not be read.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What went wrong, for a person.</param>
/// <param name="Bytes">The whole entry on success.</param>
public readonly record struct BlobReadResult(ErrorCode Error, string? Message, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>True when <see cref="Bytes"/> holds the entry.</summary>
    public bool Succeeded => Error == ErrorCode.None;

    /// <summary>The entry's bytes.</summary>
    public static BlobReadResult Ok(ReadOnlyMemory<byte> bytes) => new(ErrorCode.None, null, bytes);

    /// <summary>A failure.</summary>
    public static BlobReadResult Fail(ErrorCode error, string message) => new(error, message, default);
}
