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

    [Fact]
    public void ReleaseIfNext_SendsAnUnstoredAnswerAtOnce_OnlyWhenNothingBeforeItIsHeld()
    {
        var outbox = new Outbox(1 << 20, 100);
        var wakes = 0;
        outbox.SetListener(() => wakes++);
        outbox.HoldUntilReleased();
        outbox.TryAppend(Frame(), out var first);
        var wakesBefore = wakes;

        Assert.True(outbox.ReleaseIfNext(first));
        Assert.True(outbox.TryGetReleased(first, out _));
        Assert.Equal(wakesBefore + 1, wakes);

        outbox.TryAppend(Frame(), out var held); // waits for storage
        outbox.TryAppend(Frame(), out var behind);
        Assert.False(outbox.ReleaseIfNext(behind)); // order is kept: it goes with the write that releases `held`
        Assert.False(outbox.TryGetReleased(behind, out _));
        outbox.Release(behind);
        Assert.True(outbox.TryGetReleased(held, out _));
        Assert.True(outbox.ReleaseIfNext(behind)); // already released: nothing to wait for
    }

    [Fact]
    public void Restored_APeerAheadOfTheStoredEnd_OnItsFirstResume_HasWhatWasAppendedSinceRenumberedAfterIt_AndHeld()
    {
        var outbox = new Outbox(1 << 20, 100);
        for (var i = 1; i <= 3; i++)
        {
            outbox.TryAppend(Frame((byte)i), out _);
        }

        var (acknowledged, frames) = outbox.Snapshot(); // stored: 1–3; the peer went on to receive 4 and 5, sent unstored
        var restored = Outbox.Restore(1 << 20, 100, acknowledged, frames);
        restored.HoldUntilReleased();
        restored.TryAppend(Frame(40), out var appendedAfterRestore); // e.g. an interrupted request's answer
        Assert.Equal(4u, appendedAfterRestore);
        restored.Release(appendedAfterRestore); // stored by the takeover under its old number

        Assert.True(restored.CanResumeFrom(5));
        Assert.True(restored.ResumeFrom(5));

        Assert.Equal(5u, restored.Acknowledged);
        Assert.Equal(6u, restored.LastSequence);
        Assert.False(restored.TryGetReleased(6, out _)); // held until stored under its new number
        Assert.True(restored.TryGet(6, out var renumbered));
        Assert.Equal(40, renumbered[FrameHeader.Size]);
        Assert.Equal(6u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(renumbered.AsSpan(8))); // the header's sequence field
        restored.Release(6);
        Assert.True(restored.TryGetReleased(6, out _));

        Assert.False(restored.CanResumeFrom(9)); // only the first resume after a restore may be ahead
    }

    [Fact]
    public void Restored_APeerWithinTheStoredFrames_ResumesAsUsual_AndIsNeverTreatedAsAhead()
    {
        var outbox = new Outbox(1 << 20, 100);
        for (var i = 1; i <= 3; i++)
        {
            outbox.TryAppend(Frame((byte)i), out _);
        }

        var (acknowledged, frames) = outbox.Snapshot();
        var restored = Outbox.Restore(1 << 20, 100, acknowledged, frames);
        restored.TryAppend(Frame(40), out _);

        Assert.False(restored.ResumeFrom(2));
        Assert.Equal(2u, restored.Acknowledged);
        Assert.True(restored.TryGet(4, out var kept));
        Assert.Equal(40, kept[FrameHeader.Size]);
        Assert.False(restored.CanResumeFrom(7));
        Assert.False(new Outbox(1 << 20, 100).CanResumeFrom(1)); // an outbox never restored is never behind its peer
    }

    private static byte[] Frame(byte marker = 0)
    {
        var frame = new byte[FrameHeader.Size + 1];
        frame[FrameHeader.Size] = marker;
        return frame;
    }
}
