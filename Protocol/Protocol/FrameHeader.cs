using System.Buffers.Binary;

namespace OrleansBridge.Protocol;

/// <summary>
/// The fixed 16-byte header that starts every binary WebSocket message (docs/protocol.md §2).
/// All integers are little-endian.
/// <code>
/// offset size field
///  0      1   type       MessageType
///  1      1   flags      FrameFlags
///  2      2   reserved   must be 0
///  4      4   requestId  correlates a Response with its Request; Ping with Pong
///  8      4   sequence   1, 2, 3 … per direction for sequenced types; 0 otherwise
/// 12      4   ack        highest sequence received in order from the peer
/// </code>
/// </summary>
public readonly record struct FrameHeader(MessageType Type, FrameFlags Flags, uint RequestId, uint Sequence, uint Ack)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 16;

    private const FrameFlags KnownFlags = FrameFlags.Error | FrameFlags.Bulk;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"A frame header needs {Size} bytes.", nameof(destination));
        }

        destination[0] = (byte)Type;
        destination[1] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Ack);
    }

    /// <summary>Overwrites only the ack field of an already written frame.</summary>
    public static void PatchAck(Span<byte> frame, uint ack) =>
        BinaryPrimitives.WriteUInt32LittleEndian(frame[12..], ack);

    /// <summary>Overwrites the request id of an encoded frame (a Media frame's media id, given when it is queued).</summary>
    public static void PatchRequestId(Span<byte> frame, uint requestId) =>
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], requestId);

    /// <summary>
    /// Parses and validates a header: length, known type, known flags, zero reserved bits, and a
    /// sequence number present exactly on sequenced types.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out FrameHeader header, out ErrorCode error)
    {
        header = default;
        if (source.Length < Size)
        {
            error = ErrorCode.MalformedFrame;
            return false;
        }

        var type = (MessageType)source[0];
        var flags = (FrameFlags)source[1];
        if (!MessageTypes.IsKnown(type))
        {
            error = ErrorCode.UnknownMessageType;
            return false;
        }

        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        if ((flags & ~KnownFlags) != 0
            || BinaryPrimitives.ReadUInt16LittleEndian(source[2..]) != 0
            || MessageTypes.IsSequenced(type) != (sequence != 0))
        {
            error = ErrorCode.MalformedFrame;
            return false;
        }

        header = new FrameHeader(
            type,
            flags,
            BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            sequence,
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
        error = ErrorCode.None;
        return true;
    }
}
