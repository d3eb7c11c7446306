using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Media;

namespace OrleansBridge.Tests.Video;

public sealed class MediaQueueTests
{
    private static byte[] Frame() => Frames.Empty(MessageType.Media, 0, 0);

    [Fact]
    public void TryEnqueue_PastMaxPending_IsRefusedUntilAcknowledged()
    {
        var queue = new MediaQueue();
        using var stream = queue.Open(maxPending: 2);
        Assert.Equal(1u, stream.TryEnqueue(Frame()));
        Assert.Equal(2u, stream.TryEnqueue(Frame()));
        Assert.Equal(0u, stream.TryEnqueue(Frame()));
        Assert.Equal(2, stream.Pending);

        queue.Acknowledge(1);
        Assert.Equal(1, stream.Pending);
        Assert.Equal(3u, stream.TryEnqueue(Frame()));
    }

    [Fact]
    public void TryEnqueue_PatchesTheMediaIdIntoTheHeader()
    {
        var queue = new MediaQueue();
        using var stream = queue.Open(4);
        stream.TryEnqueue(Frame());
        stream.TryEnqueue(Frame());
        Assert.True(queue.TryDequeue(out var first));
        Assert.True(queue.TryDequeue(out var second));
        Assert.True(FrameHeader.TryRead(first, out var a, out _));
        Assert.True(FrameHeader.TryRead(second, out var b, out _));
        Assert.Equal((1u, 2u), (a.RequestId, b.RequestId));
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void Acknowledge_IsCumulativeAcrossStreams_AndClampsIdsNeverSent()
    {
        var queue = new MediaQueue();
        using var one = queue.Open(4);
        using var two = queue.Open(4);
        one.TryEnqueue(new byte[100]);
        two.TryEnqueue(new byte[50]);
        one.TryEnqueue(new byte[10]);
        queue.Acknowledge(2);
        Assert.Equal((1, 0), (one.Pending, two.Pending));
        Assert.Equal((100L, 50L), (one.AcknowledgedBytes, two.AcknowledgedBytes));
        queue.Acknowledge(1000);
        Assert.Equal(0, one.Pending);
        Assert.Equal(2, one.Acknowledged);
    }

    [Fact]
    public void Reset_DropsQueuedFramesReleasesPendingAndMarksStreamsForAKeyframe()
    {
        var queue = new MediaQueue();
        using var stream = queue.Open(2);
        stream.TryEnqueue(Frame());
        stream.TryEnqueue(Frame());
        var epoch = stream.ResetEpoch;
        queue.Reset();
        Assert.False(queue.TryDequeue(out _));
        Assert.Equal(0, stream.Pending);
        Assert.NotEqual(epoch, stream.ResetEpoch);
    }

    [Fact]
    public void ClosedStream_QueuesNothing()
    {
        var queue = new MediaQueue();
        var stream = queue.Open(2);
        stream.Dispose();
        Assert.Equal(0u, stream.TryEnqueue(Frame()));
        Assert.True(queue.IsEmpty);
    }
}
