using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Tests.Protocol.Reliability;

/// <summary>The receiving half of reliability (docs/protocol.md §5.2): deliver in order, ignore replays, refuse gaps.</summary>
public sealed class InboundSequenceTests
{
    [Fact]
    public void Accept_NextInOrder_DeliversAndAdvances()
    {
        var inbound = new InboundSequence();
        for (uint sequence = 1; sequence <= 3; sequence++)
        {
            var arrival = inbound.Accept(sequence);
            Assert.True(arrival == Arrival.Deliver, $"sequence {sequence} after {sequence - 1}: expected Deliver, got {arrival}");
            Assert.Equal(sequence, inbound.LastDelivered);
        }
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(3u)]
    public void Accept_AlreadyDelivered_IsDuplicateAndDoesNotMove(uint replayed)
    {
        var inbound = new InboundSequence(3);
        var arrival = inbound.Accept(replayed);
        Assert.True(arrival == Arrival.Duplicate, $"sequence {replayed} after 3 delivered: expected Duplicate, got {arrival}");
        Assert.Equal(3u, inbound.LastDelivered);
    }

    [Theory]
    [InlineData(0u, 2u)]
    [InlineData(0u, 100u)]
    [InlineData(5u, 7u)]
    public void Accept_SkipsAhead_IsGapAndDoesNotMove(uint delivered, uint arriving)
    {
        var inbound = new InboundSequence(delivered);
        var arrival = inbound.Accept(arriving);
        Assert.True(arrival == Arrival.Gap, $"sequence {arriving} after {delivered}: expected Gap, got {arrival}");
        Assert.Equal(delivered, inbound.LastDelivered);
    }

    [Fact]
    public void Accept_SequenceZero_IsDuplicate()
    {
        // Zero is never a sequence number; FrameHeader.TryRead refuses it on sequenced types before this point.
        Assert.Equal(Arrival.Duplicate, new InboundSequence().Accept(0));
    }

    [Fact]
    public void Constructor_ResumePosition_ContinuesAfterIt()
    {
        var inbound = new InboundSequence(41);
        Assert.Equal(41u, inbound.LastDelivered);
        Assert.Equal(Arrival.Deliver, inbound.Accept(42));
    }

    [Fact]
    public void Accept_ReplayAfterResume_DeliversOnlyTheUnseenTail()
    {
        // The peer replays 3..6 after a resume although 3 and 4 had arrived: only 5 and 6 are new.
        var inbound = new InboundSequence();
        inbound.Accept(1);
        inbound.Accept(2);
        inbound.Accept(3);
        inbound.Accept(4);

        var arrivals = new uint[] { 3, 4, 5, 6 }.Select(inbound.Accept).ToArray();

        Assert.Equal([Arrival.Duplicate, Arrival.Duplicate, Arrival.Deliver, Arrival.Deliver], arrivals);
        Assert.Equal(6u, inbound.LastDelivered);
    }
}
