using System.Threading.Channels;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Tests.Sessions.Uploads;

/// <summary>The stream a put reads an upload through: chunk boundaries vanish, each chunk is answered once read.</summary>
public sealed class ChunkQueueStreamTests
{
    [Fact]
    public async Task Read_ChunksOfAnySize_YieldsTheBytesInOrderAndReleasesEachWhenRead()
    {
        var channel = Channel.CreateUnbounded<UploadChunk>();
        var chunks = new[] { new UploadChunk([1, 2, 3]), new UploadChunk([]), new UploadChunk([4, 5]) };
        foreach (var chunk in chunks)
        {
            channel.Writer.TryWrite(chunk);
        }

        channel.Writer.Complete();
        await using var stream = new ChunkQueueStream(channel.Reader);
        var buffer = new byte[2];

        var first = await stream.ReadAsync(buffer);
        Assert.Equal(2, first);
        Assert.Equal(new byte[] { 1, 2 }, buffer[..first]);
        Assert.False(chunks[0].Consumed.IsCompleted, "a chunk is answered only once read whole");
        var second = await stream.ReadAsync(buffer);
        Assert.Equal(1, second);
        Assert.Equal(new byte[] { 3 }, buffer[..second]);
        Assert.True(await chunks[0].Consumed);
        var third = await stream.ReadAsync(buffer);
        Assert.Equal(2, third);
        Assert.Equal(new byte[] { 4, 5 }, buffer[..third]);
        Assert.True(await chunks[1].Consumed, "an empty chunk is passed over, and answered");
        Assert.True(await chunks[2].Consumed);
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task Read_NextChunkNotYetArrived_WaitsForIt()
    {
        var channel = Channel.CreateUnbounded<UploadChunk>();
        await using var stream = new ChunkQueueStream(channel.Reader);
        var buffer = new byte[8];

        var read = stream.ReadAsync(buffer).AsTask();
        Assert.False(read.IsCompleted);
        channel.Writer.TryWrite(new UploadChunk([9]));

        Assert.Equal(1, await read);
        Assert.Equal(9, buffer[0]);
    }

    [Fact]
    public async Task Dispose_ChunkPartlyRead_ReleasedAsNotConsumed()
    {
        var channel = Channel.CreateUnbounded<UploadChunk>();
        var chunk = new UploadChunk([1, 2, 3]);
        channel.Writer.TryWrite(chunk);
        var stream = new ChunkQueueStream(channel.Reader);
        Assert.Equal(1, await stream.ReadAsync(new byte[1]));

        await stream.DisposeAsync();

        Assert.False(await chunk.Consumed);
        Assert.True(chunk.From(0).IsEmpty, "the pooled array went back");
    }
}
