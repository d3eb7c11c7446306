namespace OrleansBridge.Protocol;

/// <summary>The second byte of every frame. Bits not defined here must be zero.</summary>
[Flags]
public enum FrameFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>On a <see cref="MessageType.Response"/>: the body is an error object, not a result.</summary>
    Error = 0x01,
    /// <summary>The body is a 4-byte little-endian JSON length, that JSON, then raw bulk bytes.</summary>
    Bulk = 0x02,
}
