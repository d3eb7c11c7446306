using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Tests.Protocol.Reliability;

/// <summary>The write-ahead rules of a session that can move: hold sends and acks until stored; restore from a snapshot.</summary>
public sealed class WriteAheadTests
{
    [Fact]
    public void HeldOutbox_SendsOnlyWhatWasReleased_AndWakesTheSenderOnRelease()
    {
        var outbox = new Outbox(1 << 20, 100);
        var wakes = 0;
        outbox.SetListener(() => wakes++);
        outbox.HoldUntilReleased();
        outbox.TryAppend(Frame(), out var first);
        outbox.TryAppend(Frame(), out var second);

        Assert.False(outbox.TryGetReleased(first, out _));
        Assert.True(outbox.TryGet(first, out _)); // held, not lost

        var wakesBefore = wakes;
        outbox.Release(first);
        Assert.True(outbox.TryGetReleased(first, out _));
        Assert.False(outbox.TryGetReleased(second, out _));
        Assert.Equal(wakesBefore + 1, wakes);
        outbox.Release(first); // not an advance: no wake
        Assert.Equal(wakesBefore + 1, wakes);
    }

    [Fact]
    public void Outbox_NotHeld_SendsEverythingAppended()
    {
        var outbox = new Outbox(1 << 20, 100);
        outbox.TryAppend(Frame(), out var sequence);

        Assert.Equal(uint.MaxValue, outbox.Released);
        Assert.True(outbox.TryGetReleased(sequence, out _));
    }

    [Fact]
    public void Snapshot_ThenRestore_ContinuesWithTheSameSequencesAndFrames()
    {
        var outbox = new Outbox(1 << 20, 100);
        for (var i = 0; i < 5; i++)
        {
            outbox.TryAppend(Frame((byte)i), out _);
        }

        outbox.Acknowledge(2);
        var (acknowledged, frames) = outbox.Snapshot();

        var restored = Outbox.Restore(1 << 20, 100, acknowledged, frames);

        Assert.Equal(2u, restored.Acknowledged);
        Assert.Equal(5u, restored.LastSequence);
        Assert.True(restored.CanResumeFrom(2));
        Assert.False(restored.CanResumeFrom(1));
        Assert.True(restored.TryGet(3, out var third));
        Assert.Equal(2, third[FrameHeader.Size]);
        restored.TryAppend(Frame(9), out var next);
        Assert.Equal(6u, next);
    }

    [Fact]
    public void HeldAcknowledgements_NameOnlyTheDurablePosition()
    {
        var inbound = new InboundSequence();
        inbound.Accept(1);
        inbound.HoldAcknowledgements();
        inbound.Accept(2);
        inbound.Accept(3);

        Assert.Equal(3u, inbound.LastDelivered);
        Assert.Equal(1u, inbound.Acknowledgeable);
        inbound.MarkDurable(3);
        Assert.Equal(3u, inbound.Acknowledgeable);
        inbound.MarkDurable(2); // never backwards
        Assert.Equal(3u, inbound.Acknowledgeable);
    }

    private static byte[] Frame(byte marker = 0)
    {
        var frame = new byte[FrameHeader.Size + 1];
        frame[FrameHeader.Size] = marker;
        return frame;
    }
}
