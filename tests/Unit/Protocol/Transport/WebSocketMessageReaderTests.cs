using System.Net.WebSockets;
using OrleansBridge.Protocol.Transport;

namespace OrleansBridge.Tests.Protocol.Transport;

public sealed class WebSocketMessageReaderTests
{
    private const int Limit = 4 << 20;

    [Fact]
    public async Task ReadAsync_AfterALargeMessage_GivesTheLargeBufferBackBeforeWaiting()
    {
        using var pair = new WebSocketPair();
        using var reader = new WebSocketMessageReader(Limit);
        var large = Pattern(3 << 20);

        await pair.Client.SendAsync(large, WebSocketMessageType.Binary, endOfMessage: true, Bounded());
        Assert.Equal(ReadOutcome.Binary, await reader.ReadAsync(pair.Server, Bounded()));
        Assert.True(reader.Message.Span.SequenceEqual(large), "the large message arrived intact");
        Assert.True(reader.Capacity >= large.Length, $"capacity {reader.Capacity} while the message is read");

        var next = reader.ReadAsync(pair.Server, Bounded()); // waits: nothing sent yet
        Assert.False(next.IsCompleted);
        Assert.Equal(WebSocketMessageReader.InitialSize, reader.Capacity);
        await pair.Client.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true, Bounded());

        Assert.Equal(ReadOutcome.Binary, await next);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Message.ToArray());
        Assert.Equal(WebSocketMessageReader.InitialSize, reader.Capacity);
    }

    [Fact]
    public async Task ReadAsync_MessageOneByteOverTheLimit_TooLargeWithoutBufferingPastIt()
    {
        using var pair = new WebSocketPair();
        using var reader = new WebSocketMessageReader(64 << 10);

        // The sender may stay blocked on the pipe once the reader stops; disposing the pair ends it.
        _ = pair.Client.SendAsync(new byte[(64 << 10) + 1], WebSocketMessageType.Binary, endOfMessage: true, Bounded());

        Assert.Equal(ReadOutcome.TooLarge, await reader.ReadAsync(pair.Server, Bounded()));
        Assert.True(reader.Capacity <= 128 << 10, $"capacity {reader.Capacity} for a 64 KiB limit");
    }

    [Fact]
    public async Task ReadAsync_MessageExactlyAtTheLimit_Binary()
    {
        using var pair = new WebSocketPair();
        using var reader = new WebSocketMessageReader(64 << 10);
        var exact = Pattern(64 << 10);

        await pair.Client.SendAsync(exact, WebSocketMessageType.Binary, endOfMessage: true, Bounded());

        Assert.Equal(ReadOutcome.Binary, await reader.ReadAsync(pair.Server, Bounded()));
        Assert.True(reader.Message.Span.SequenceEqual(exact));
    }

    [Fact]
    public async Task ReadAsync_ManyLargeMessagesInTurn_PooledBuffersReusedSoTheHeapDoesNotGrow()
    {
        using var pair = new WebSocketPair();
        using var reader = new WebSocketMessageReader(Limit);
        var large = Pattern(Limit);
        await RoundTripAsync(pair, reader, large); // warm the pool
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 20; i++)
        {
            await RoundTripAsync(pair, reader, large);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - baseline < 2 * Limit, $"20 messages of 4 MiB left {after - baseline} more bytes on the heap");
    }

    private static async Task RoundTripAsync(WebSocketPair pair, WebSocketMessageReader reader, byte[] message)
    {
        // Sent in 64 KiB fragments, so the sending side's own buffers stay small and out of the count.
        var read = reader.ReadAsync(pair.Server, Bounded()).AsTask();
        for (var offset = 0; offset < message.Length; offset += 64 << 10)
        {
            var fragment = message.AsMemory(offset, Math.Min(64 << 10, message.Length - offset));
            await pair.Client.SendAsync(fragment, WebSocketMessageType.Binary, endOfMessage: offset + fragment.Length == message.Length, Bounded());
        }

        Assert.Equal(ReadOutcome.Binary, await read);
        Assert.Equal(message.Length, reader.Message.Length);
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
