using System.Buffers.Binary;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Tests.Protocol.Reliability;

/// <summary>The sending half of reliability (docs/protocol.md §5.2): numbering, release by ack, bounds, resume positions.</summary>
public sealed class OutboxTests
{
    [Fact]
    public void TryAppend_SuccessiveFrames_NumbersThemFromOneAndWritesTheHeader()
    {
        var outbox = new Outbox(1 << 20, 100);
        for (uint expected = 1; expected <= 3; expected++)
        {
            var frame = NewFrame(expected);
            Assert.True(outbox.TryAppend(frame, out var sequence), $"append #{expected} should fit");
            Assert.True(sequence == expected, $"append #{expected}: got sequence {sequence}");
            Assert.True(ReadSequence(frame) == expected, $"append #{expected}: header sequence {ReadSequence(frame)}");
            Assert.True(FrameHeader.TryRead(frame, out _, out var error), $"append #{expected}: numbered frame should be a valid header, got {error}");
        }

        Assert.Equal(3u, outbox.LastSequence);
        Assert.Equal(0u, outbox.Acknowledged);
        Assert.Equal(3L * (FrameHeader.Size + 1), outbox.PendingBytes);
    }

    [Fact]
    public void TryAppend_WithListener_CallsItOncePerAppend()
    {
        var outbox = new Outbox(1 << 20, 100);
        var calls = 0;
        outbox.SetListener(() => calls++);
        outbox.TryAppend(NewFrame(1), out _);
        outbox.TryAppend(NewFrame(2), out _);
        outbox.SetListener(null);
        outbox.TryAppend(NewFrame(3), out _);
        Assert.True(calls == 2, $"listener should run for the two appends made while set, ran {calls} times");
    }

    [Fact]
    public void Acknowledge_MiddleSequence_ReleasesEverythingUpToIt()
    {
        var outbox = Filled(5, out var frames);
        Assert.True(outbox.Acknowledge(3), "ack 3 of 5 sent is valid");

        Assert.Equal(3u, outbox.Acknowledged);
        Assert.Equal(5u, outbox.LastSequence);
        Assert.Equal(2L * frames[0].Length, outbox.PendingBytes);
        for (uint sequence = 1; sequence <= 3; sequence++)
        {
            Assert.False(outbox.TryGet(sequence, out _), $"sequence {sequence} was acknowledged and must be released");
        }

        Assert.True(outbox.TryGet(4, out var four), "sequence 4 is still held");
        Assert.Same(frames[3], four);
    }

    [Fact]
    public void Acknowledge_OlderThanAcknowledged_IsAcceptedAndChangesNothing()
    {
        var outbox = Filled(4, out _);
        outbox.Acknowledge(3);
        Assert.True(outbox.Acknowledge(1), "a stale ack (reordered or replayed) is valid");
        Assert.True(outbox.Acknowledge(0), "ack 0 is valid");
        Assert.Equal(3u, outbox.Acknowledged);
        Assert.True(outbox.TryGet(4, out _), "sequence 4 stays held");
    }

    [Fact]
    public void Acknowledge_BeyondLastSent_FalseAndReleasesNothing()
    {
        var outbox = Filled(2, out _);
        Assert.False(outbox.Acknowledge(3), "acknowledging sequence 3 when 2 were sent is a protocol violation");
        Assert.Equal(0u, outbox.Acknowledged);
        Assert.True(outbox.TryGet(1, out _), "nothing was released");
    }

    [Fact]
    public void Acknowledge_Everything_EmptiesTheOutbox()
    {
        var outbox = Filled(3, out _);
        Assert.True(outbox.Acknowledge(3), "ack of the last sent is valid");
        Assert.Equal(0L, outbox.PendingBytes);
        Assert.Equal(3u, outbox.LastSequence);
        Assert.True(outbox.TryAppend(NewFrame(4), out var next), "room again");
        Assert.Equal(4u, next);
    }

    [Fact]
    public void TryAppend_CountBoundReached_RefusesWithoutAppendingOrNotifying()
    {
        var outbox = new Outbox(1 << 20, 2);
        var calls = 0;
        outbox.SetListener(() => calls++);
        outbox.TryAppend(NewFrame(1), out _);
        outbox.TryAppend(NewFrame(2), out _);

        var refused = NewFrame(3);
        Assert.False(outbox.TryAppend(refused, out var sequence), "a third message must not fit a count bound of 2");
        Assert.Equal(0u, sequence);
        Assert.True(ReadSequence(refused) == 0, "a refused frame is not numbered");
        Assert.Equal(2u, outbox.LastSequence);
        Assert.True(calls == 2, $"the listener runs only for accepted appends, ran {calls} times");

        outbox.Acknowledge(1);
        Assert.True(outbox.TryAppend(refused, out sequence), "after an ack there is room");
        Assert.Equal(3u, sequence);
    }

    [Fact]
    public void TryAppend_ByteBoundWouldBePassed_Refuses()
    {
        var frameSize = FrameHeader.Size + 1;
        var outbox = new Outbox((2 * frameSize) + frameSize - 1, 100);
        Assert.True(outbox.TryAppend(NewFrame(1), out _), "first fits");
        Assert.True(outbox.TryAppend(NewFrame(2), out _), "second fits");
        Assert.False(outbox.TryAppend(NewFrame(3), out _), $"a third {frameSize}-byte frame would pass the byte bound");
        Assert.Equal(2L * frameSize, outbox.PendingBytes);
    }

    [Fact]
    public void TryAppend_FrameExactlyAtByteBound_Fits()
    {
        var frame = NewFrame(1);
        var outbox = new Outbox(frame.Length, 100);
        Assert.True(outbox.TryAppend(frame, out _), "a frame of exactly maxBytes fits an empty outbox");
    }

    [Theory]
    [InlineData(0u, false)]
    [InlineData(1u, false)]
    [InlineData(2u, true)]
    [InlineData(3u, true)]
    [InlineData(5u, true)]
    [InlineData(6u, false)]
    public void CanResumeFrom_AfterFiveSentTwoAcknowledged_AcceptsOnlyHeldRange(uint lastReceived, bool expected)
    {
        var outbox = Filled(5, out _);
        outbox.Acknowledge(2);
        Assert.True(outbox.CanResumeFrom(lastReceived) == expected,
            $"acked 2, last sent 5: resuming from {lastReceived} should be {(expected ? "possible" : "refused")}");
    }

    [Fact]
    public void CanResumeFrom_EmptyNewOutbox_AcceptsOnlyZero()
    {
        var outbox = new Outbox(1 << 20, 4);
        Assert.True(outbox.CanResumeFrom(0), "a client that received nothing can resume a session that sent nothing");
        Assert.False(outbox.CanResumeFrom(1), "nothing was sent, so 1 is out of range");
    }

    [Fact]
    public void TryGet_AcrossRingGrowthAndWrap_ReturnsTheSameArrays()
    {
        var outbox = new Outbox(1 << 20, 64);
        var held = new Dictionary<uint, byte[]>();
        uint acked = 0;
        for (uint round = 1; round <= 200; round++)
        {
            var frame = NewFrame(round);
            Assert.True(outbox.TryAppend(frame, out var sequence), $"round {round}: append should fit");
            held[sequence] = frame;
            if (round % 3 == 0 && round > 10)
            {
                acked = round - 10;
                Assert.True(outbox.Acknowledge(acked), $"round {round}: ack {acked} should be valid");
            }
        }

        for (uint sequence = 1; sequence <= 200; sequence++)
        {
            var found = outbox.TryGet(sequence, out var frame);
            Assert.True(found == sequence > acked, $"sequence {sequence}: held should be {sequence > acked} (acked {acked})");
            if (found)
            {
                Assert.Same(held[sequence], frame);
                Assert.True(ReadSequence(frame) == sequence, $"sequence {sequence}: header says {ReadSequence(frame)}");
            }
        }
    }

    [Fact]
    public void TryGet_ZeroOrBeyondLast_False()
    {
        var outbox = Filled(2, out _);
        Assert.False(outbox.TryGet(0, out var none), "sequence 0 is never a message");
        Assert.Empty(none);
        Assert.False(outbox.TryGet(3, out _), "sequence 3 was not sent");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Constructor_BoundBelowOne_Throws(long maxBytes, int maxCount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Outbox(maxBytes, maxCount));
    }

    private static Outbox Filled(int count, out List<byte[]> frames)
    {
        var outbox = new Outbox(1 << 20, 100);
        frames = [];
        for (var i = 1; i <= count; i++)
        {
            var frame = NewFrame((uint)i);
            Assert.True(outbox.TryAppend(frame, out _), $"append #{i} should fit");
            frames.Add(frame);
        }

        return outbox;
    }

    /// <summary>An unnumbered Event frame with a one-byte body, as Frames builds them.</summary>
    private static byte[] NewFrame(uint marker)
    {
        var frame = new byte[FrameHeader.Size + 1];
        new FrameHeader(MessageType.Event, FrameFlags.None, 0, 0, 0).Write(frame);
        frame[FrameHeader.Size] = (byte)marker;
        return frame;
    }

    private static uint ReadSequence(byte[] frame) => BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8));

    [Fact]
    public void ClearListener_OfAnOlderSender_LeavesTheNewerOneWoken()
    {
        var outbox = new Outbox(1 << 20, 100);
        var older = 0;
        var newer = 0;
        Action olderListener = () => older++;
        Action newerListener = () => newer++;
        outbox.SetListener(olderListener);
        outbox.SetListener(newerListener); // A resumed connection's sender attached.

        outbox.ClearListener(olderListener); // The old sender stops late.
        outbox.TryAppend(Frames.Empty(MessageType.Ping, 0, 0), out _);

        Assert.Equal(0, older);
        Assert.Equal(1, newer);
        outbox.ClearListener(newerListener);
        outbox.TryAppend(Frames.Empty(MessageType.Ping, 0, 0), out _);
        Assert.Equal(1, newer);
    }
}
