using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// Answers to requests that change nothing go out before they are stored (docs/protocol.md §5.5): with
/// blob grain storage on Azurite, real sockets. What changes state, and every acknowledgement, still
/// waits for storage; a successor resumes a client that received more than was stored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UnstoredAnswerTests(AzuriteFixture azurite)
{
    private static readonly JsonElement NoLevel = JsonSerializer.SerializeToElement(new { level = (string?)null });

    [Fact]
    public async Task StoreFrozen_AnEchoIsAnsweredWithoutNamingItsRequestInTheAck_AStateChangingRequestWaitsForTheStore_InOrder()
    {
        await using var server = await BridgeTestServer.StartAsync(SharedStorage.Settings(azurite.Azurite));
        await using var client = await RawClient.ConnectAsync(server.Url);
        await client.WelcomeAsync(RawClient.NewHello());
        await client.SendAsync(RawClient.Request(1, 1, "session.logs", NoLevel));
        var stored = await AnswerAsync(client, 1);
        Assert.True(stored.Header.Ack >= 1); // its answer waited for the write that stored its delivery

        var frozen = await azurite.Azurite.PauseAsync();
        Task<(FrameHeader Header, byte[] Body)> next;
        try
        {
            await client.SendAsync(RawClient.Request(2, 2, "echo", JsonSerializer.SerializeToElement(new { n = 2 })));
            var echo = await AnswerAsync(client, 2); // it would wait as long as the store is frozen if it waited for a write

            Assert.Equal(2, JsonDocument.Parse(echo.Body).RootElement.GetProperty("result").GetProperty("n").GetInt32());
            Assert.True(echo.Header.Ack < 2, $"ack {echo.Header.Ack} names a request that is not stored");

            await client.SendAsync(RawClient.Request(3, 3, "session.logs", NoLevel));
            await client.SendAsync(RawClient.Request(4, 4, "echo", JsonSerializer.SerializeToElement(new { n = 4 })));
            next = client.ReceiveFrameAsync();
            Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(1)))); // held: the store cannot take it
        }
        finally
        {
            await frozen.DisposeAsync();
        }

        var (header, _) = await next;
        Assert.Equal((MessageType.Response, 3u), (header.Type, header.RequestId)); // released by the write, in order
        Assert.True(header.Ack >= 3);
        Assert.Equal(header.Sequence + 1, (await AnswerAsync(client, 4)).Header.Sequence); // the echo behind it went with it
    }

    [Fact]
    public async Task TakenOverFromARecordBehindItsClient_TheResumeContinuesPastWhatTheClientReceived_NothingIsNumberedTwice()
    {
        var settings = new Dictionary<string, string?>(SharedStorage.Settings(azurite.Azurite))
        {
            ["Bridge:Sessions:UnstoredAnswerWindow"] = "00:10:00", // the echoes below stay unstored while B takes over
        };
        await using var a = await BridgeTestServer.StartAsync(settings);
        await using var b = await BridgeTestServer.StartAsync(SharedStorage.AnotherCluster(settings)); // a second activation reads the record
        await using var onA = await RawClient.ConnectAsync(a.Url);
        var welcome = await onA.WelcomeAsync(RawClient.NewHello());
        await onA.SendAsync(RawClient.Request(1, 1, "session.logs", NoLevel));
        var received = (await AnswerAsync(onA, 1)).Header.Sequence;
        for (uint n = 2; n <= 3; n++)
        {
            await onA.SendAsync(RawClient.Request(n, n, "echo", JsonSerializer.SerializeToElement(new { n })));
            received = (await AnswerAsync(onA, n)).Header.Sequence;
        }

        await using var onB = await RawClient.ConnectAsync(b.Url);
        var resumed = await onB.WelcomeAsync(RawClient.NewHello(resume: new ResumeInfo(welcome.SessionId, welcome.ResumeToken, received)));

        Assert.True(resumed.Resumed);
        Assert.Equal(1u, resumed.LastReceivedSeq); // the echoes' deliveries were never stored: the client sends them again
        var sequences = new List<uint>();
        for (uint n = 2; n <= 3; n++)
        {
            await onB.SendAsync(RawClient.Request(n, n, "echo", JsonSerializer.SerializeToElement(new { n })));
            var (header, body) = await AnswerAsync(onB, n, sequences);
            Assert.Equal((int)n, JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("n").GetInt32());
        }

        // Everything B sent follows what the client received from A, one by one: a number at or below it
        // would be dropped by the client as a duplicate.
        Assert.Equal(received + 1, sequences[0]);
        Assert.Equal(Enumerable.Range((int)received + 1, sequences.Count).Select(s => (uint)s), sequences);

        // A's next write is refused: it stops serving and tells its client to resume.
        await onA.SendAsync(RawClient.Request(4, 4, "session.logs", NoLevel));
        var (close, _) = await onA.ReadUntilClosedAsync();
        Assert.Equal(ErrorCode.SessionMoved, close?.Code);
    }

    [Fact]
    public async Task ResumedOnItsSilo_WhileAnEchoIsUnstored_TheWelcomeNamesEveryDeliveredRequest_BecauseTheResumeStoresFirst()
    {
        var settings = new Dictionary<string, string?>(SharedStorage.Settings(azurite.Azurite))
        {
            ["Bridge:Sessions:UnstoredAnswerWindow"] = "00:10:00",
        };
        await using var server = await BridgeTestServer.StartAsync(settings);
        var first = await RawClient.ConnectAsync(server.Url);
        var welcome = await first.WelcomeAsync(RawClient.NewHello());
        await first.SendAsync(RawClient.Request(1, 1, "session.logs", NoLevel));
        await AnswerAsync(first, 1);
        await first.SendAsync(RawClient.Request(2, 2, "echo", JsonSerializer.SerializeToElement(new { n = 2 })));
        var echo = await AnswerAsync(first, 2);
        Assert.True(echo.Header.Ack < 2); // delivered, answered, not yet stored
        await first.DisposeAsync();

        await using var second = await RawClient.ConnectAsync(server.Url);
        var resumed = await second.WelcomeAsync(RawClient.NewHello(resume: new ResumeInfo(welcome.SessionId, welcome.ResumeToken, echo.Header.Sequence)));

        Assert.Equal(2u, resumed.LastReceivedSeq); // a client replays from here: request 2 is not run twice
        await second.SendAsync(RawClient.Request(3, 3, "echo", JsonSerializer.SerializeToElement(new { n = 3 })));
        var sequences = new List<uint>();
        var (_, body) = await AnswerAsync(second, 3, sequences);
        Assert.Equal(3, JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("n").GetInt32());
        Assert.Equal(Enumerable.Range((int)echo.Header.Sequence + 1, sequences.Count).Select(n => (uint)n), sequences); // the state events of the drop and the resume, then the answer
    }

    /// <summary>Reads frames until the Response to <paramref name="requestId"/>; records every sequenced frame's number.</summary>
    private static async Task<(FrameHeader Header, byte[] Body)> AnswerAsync(RawClient client, uint requestId, List<uint>? sequences = null)
    {
        while (true)
        {
            var (header, body) = await client.ReceiveFrameAsync();
            if (header.Sequence != 0)
            {
                sequences?.Add(header.Sequence);
            }

            if (header.Type == MessageType.Response && header.RequestId == requestId)
            {
                return (header, body);
            }

            Assert.NotEqual(MessageType.Close, header.Type);
        }
    }
}
