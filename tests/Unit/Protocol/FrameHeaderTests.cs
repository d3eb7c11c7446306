using OrleansBridge.Protocol;

namespace OrleansBridge.Tests.Protocol;

/// <summary>The 16-byte header of docs/protocol.md §2: layout, and every rule TryRead enforces with its code.</summary>
public sealed class FrameHeaderTests
{
    public static TheoryData<MessageType, uint> ValidHeaders => new()
    {
        { MessageType.Hello, 0 },
        { MessageType.Welcome, 0 },
        { MessageType.Reject, 0 },
        { MessageType.Ping, 0 },
        { MessageType.Pong, 0 },
        { MessageType.Ack, 0 },
        { MessageType.Close, 0 },
        { MessageType.Request, 1 },
        { MessageType.Response, uint.MaxValue },
        { MessageType.Event, 42 },
    };

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void TryRead_WrittenHeader_RoundTripsEveryField(MessageType type, uint sequence)
    {
        var written = new FrameHeader(type, FrameFlags.Error | FrameFlags.Bulk, 0xfeedbeef, sequence, 0x01020304);
        var bytes = new byte[FrameHeader.Size];
        written.Write(bytes);

        Assert.True(FrameHeader.TryRead(bytes, out var read, out var error), $"{type} with sequence {sequence}: expected valid, got {error}");
        Assert.Equal(ErrorCode.None, error);
        Assert.Equal(written, read);
    }

    [Fact]
    public void Write_AnyHeader_PutsLittleEndianFieldsAtDocumentedOffsets()
    {
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(MessageType.Request, FrameFlags.Bulk, 0x04030201, 0x08070605, 0x0c0b0a09).Write(bytes);

        Assert.Equal("1002000001020304050607080" + "90a0b0c", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Write_DestinationShorterThanHeader_Throws()
    {
        var header = new FrameHeader(MessageType.Ping, FrameFlags.None, 1, 0, 0);
        Assert.Throws<ArgumentException>(() => header.Write(new byte[FrameHeader.Size - 1]));
    }

    [Fact]
    public void Write_LongerDestination_LeavesBytesAfterHeaderUntouched()
    {
        var bytes = Enumerable.Repeat((byte)0xaa, FrameHeader.Size + 4).ToArray();
        new FrameHeader(MessageType.Ack, FrameFlags.None, 0, 0, 9).Write(bytes);
        Assert.Equal(new byte[] { 0xaa, 0xaa, 0xaa, 0xaa }, bytes[FrameHeader.Size..]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(FrameHeader.Size - 1)]
    public void TryRead_ShorterThanHeader_GivesMalformedFrame(int length)
    {
        var bytes = new byte[length];
        if (length > 0)
        {
            bytes[0] = (byte)MessageType.Ping;
        }

        Assert.False(FrameHeader.TryRead(bytes, out var header, out var error), $"{length} bytes must not parse");
        Assert.Equal(ErrorCode.MalformedFrame, error);
        Assert.Equal(default, header);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x08)]
    [InlineData(0x0f)]
    [InlineData(0x15)]
    [InlineData(0xff)]
    public void TryRead_UndefinedTypeByte_GivesUnknownMessageType(byte type)
    {
        var bytes = Header(type, flags: 0, sequence: 0);
        Assert.False(FrameHeader.TryRead(bytes, out _, out var error), $"type 0x{type:x2} must not parse");
        Assert.Equal(ErrorCode.UnknownMessageType, error);
    }

    [Fact]
    public void TryRead_UndefinedTypeAndOtherViolations_ReportsUnknownTypeFirst()
    {
        var bytes = Header(0x20, flags: 0x80, sequence: 5);
        bytes[2] = 1;
        Assert.False(FrameHeader.TryRead(bytes, out _, out var error), "an undefined type must not parse");
        Assert.Equal(ErrorCode.UnknownMessageType, error);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x08)]
    [InlineData(0x80)]
    [InlineData(0xff)]
    public void TryRead_UndefinedFlagBit_GivesMalformedFrame(byte flags)
    {
        var bytes = Header((byte)MessageType.Ping, flags, sequence: 0);
        Assert.False(FrameHeader.TryRead(bytes, out _, out var error), $"flags 0x{flags:x2} must not parse");
        Assert.Equal(ErrorCode.MalformedFrame, error);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void TryRead_NonZeroReservedByte_GivesMalformedFrame(int offset)
    {
        var bytes = Header((byte)MessageType.Ack, flags: 0, sequence: 0);
        bytes[offset] = 0x01;
        Assert.False(FrameHeader.TryRead(bytes, out _, out var error), $"reserved byte {offset} set must not parse");
        Assert.Equal(ErrorCode.MalformedFrame, error);
    }

    [Theory]
    [InlineData(MessageType.Request)]
    [InlineData(MessageType.Response)]
    [InlineData(MessageType.Event)]
    public void TryRead_SequencedTypeWithSequenceZero_GivesMalformedFrame(MessageType type)
    {
        var bytes = Header((byte)type, flags: 0, sequence: 0);
        Assert.False(FrameHeader.TryRead(bytes, out _, out var error), $"{type} without a sequence number must not parse");
        Assert.Equal(ErrorCode.MalformedFrame, error);
    }

    [Theory]
    [InlineData(MessageType.Hello)]
    [InlineData(MessageType.Welcome)]
    [InlineData(MessageType.Reject)]
    [InlineData(MessageType.Ping)]
    [InlineData(MessageType.Pong)]
    [InlineData(MessageType.Ack)]
    [InlineData(MessageType.Close)]
    public void TryRead_UnsequencedTypeWithSequence_GivesMalformedFrame(MessageType type)
    {
        var bytes = Header((byte)type, flags: 0, sequence: 1);
        Assert.False(FrameHeader.TryRead(bytes, out _, out var error), $"{type} with a sequence number must not parse");
        Assert.Equal(ErrorCode.MalformedFrame, error);
    }

    [Fact]
    public void TryRead_FrameWithBody_ReadsOnlyTheFirstSixteenBytes()
    {
        var bytes = new byte[FrameHeader.Size + 3];
        new FrameHeader(MessageType.Response, FrameFlags.Error, 9, 3, 2).Write(bytes);
        bytes[FrameHeader.Size] = 0xff;

        Assert.True(FrameHeader.TryRead(bytes, out var header, out var error), $"expected valid, got {error}");
        Assert.Equal(new FrameHeader(MessageType.Response, FrameFlags.Error, 9, 3, 2), header);
    }

    [Fact]
    public void PatchAck_WrittenFrame_ChangesOnlyTheAckField()
    {
        var bytes = new byte[FrameHeader.Size + 2];
        new FrameHeader(MessageType.Request, FrameFlags.None, 5, 6, 7).Write(bytes);
        bytes[^2] = 0x7b;
        bytes[^1] = 0x7d;

        FrameHeader.PatchAck(bytes, 0xa0b0c0d0);

        Assert.True(FrameHeader.TryRead(bytes, out var header, out var error), $"expected valid, got {error}");
        Assert.Equal(new FrameHeader(MessageType.Request, FrameFlags.None, 5, 6, 0xa0b0c0d0), header);
        Assert.Equal(new byte[] { 0x7b, 0x7d }, bytes[FrameHeader.Size..]);
    }

    [Theory]
    [InlineData(MessageType.Request, true)]
    [InlineData(MessageType.Response, true)]
    [InlineData(MessageType.Event, true)]
    [InlineData(MessageType.Hello, false)]
    [InlineData(MessageType.Welcome, false)]
    [InlineData(MessageType.Reject, false)]
    [InlineData(MessageType.Ping, false)]
    [InlineData(MessageType.Pong, false)]
    [InlineData(MessageType.Ack, false)]
    [InlineData(MessageType.Close, false)]
    public void IsSequenced_EachType_MatchesSectionThree(MessageType type, bool sequenced)
    {
        Assert.True(MessageTypes.IsKnown(type), $"{type} is a message type of version 1");
        Assert.True(MessageTypes.IsSequenced(type) == sequenced, $"{type}: sequenced should be {sequenced}");
    }

    [Fact]
    public void IsKnown_EveryByte_AcceptsExactlyTheTwelveDefinedTypes()
    {
        var known = Enumerable.Range(0, 256).Where(b => MessageTypes.IsKnown((MessageType)b)).ToArray();
        Assert.Equal(new[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14 }, known);
    }

    private static byte[] Header(byte type, byte flags, uint sequence)
    {
        var bytes = new byte[FrameHeader.Size];
        bytes[0] = type;
        bytes[1] = flags;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), sequence);
        return bytes;
    }
}
