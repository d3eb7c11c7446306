using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Media;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

public sealed class MediaSentStampTests
{
    private static readonly byte[] Payload = [0, 0, 0, 1, 9, 0xF0, 0x73, 0x65, 0x6E, 0x74]; // bytes that spell "sent" must not matter

    private static byte[] MediaFrame(double sent) => Frames.Bulk(MessageType.Media, 0,
        new VideoFrameInfo("v1", 1, "h264", true, 64, 32, 1, 1, 1, Payload.Length, "t1", 1, 4000, 0, true, false, 1,
            new VideoFrameTimeline(0.5, 1, 1.5, 20, 1, 21, 30, sent)),
        VideoJson.Default.VideoFrameInfo, Payload);

    private static VideoFrameInfo Read(byte[] frame)
    {
        Assert.True(FrameHeader.TryRead(frame, out var header, out _));
        Assert.True(Frames.TrySplit(header.Flags, frame.AsSpan(FrameHeader.Size), out var json, out var bulk));
        Assert.Equal(Payload, bulk.ToArray());
        return JsonSerializer.Deserialize(json, VideoJson.Default.VideoFrameInfo)!;
    }

    [Fact]
    public void Placeholder_SerialisesToTheSlotWidth()
    {
        var json = JsonSerializer.Serialize(MediaSentStamp.Placeholder);
        Assert.Equal(MediaSentStamp.Width, json.Length);
    }

    [Theory]
    [InlineData(42.5, 42.5)]
    [InlineData(0, 0)]
    [InlineData(86_400_000.123, 86_400_000.12)] // a day: two decimals still fit
    [InlineData(5e11, 5e11)] // beyond the slot's two-decimal range: whole milliseconds
    public void Dequeue_WritesTheTimeSinceTheOriginIntoTheSideData_AndTheJsonStaysValid(double elapsedMs, double expected)
    {
        var time = new ManualTimeProvider();
        var origin = time.GetTimestamp();
        var queue = new MediaQueue();
        using var stream = queue.Open(4);
        var frame = MediaFrame(MediaSentStamp.Placeholder);
        var length = frame.Length;
        Assert.Equal(1u, stream.TryEnqueue(frame, MediaSentStamp.Locate(frame, origin, time)));
        time.Advance(TimeSpan.FromMilliseconds(elapsedMs));

        Assert.True(queue.TryDequeue(out var sent));
        Assert.Equal(length, sent.Length);
        var info = Read(sent);
        Assert.Equal(expected, info.Timeline!.Sent, precision: 2);
        Assert.Equal(new VideoFrameTimeline(0.5, 1, 1.5, 20, 1, 21, 30, info.Timeline.Sent), info.Timeline);
    }

    [Fact]
    public void Locate_FrameWithoutTheSlot_StampsNothing()
    {
        var time = new ManualTimeProvider();
        var frame = MediaFrame(12.5);
        var before = frame.ToArray();
        MediaSentStamp.Locate(frame, time.GetTimestamp(), time).Write();
        Assert.Equal(before, frame);
        default(MediaSentStamp).Write(); // a frame queued without a stamp
    }
}
