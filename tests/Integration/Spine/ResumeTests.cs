using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

public sealed class ResumeTests
{
    private const int Count = 1000;

    [Fact]
    public async Task Resume_SocketKilledMidStreamOf1000Requests_EachAppliedAndAnsweredExactlyOnceInOrder()
    {
        var recorder = new RecordingHandler();
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddSingleton<IRequestHandler>(recorder));
        await using var relay = new TcpRelay(server.Port);
        var url = new Uri($"ws://127.0.0.1:{relay.Port}/bridge");
        await using var session = await BridgeClient.ConnectAsync(url, BridgeTestServer.Token);
        var pending = new List<Task<BridgeResponse>>(Count);

        for (var n = 0; n < Count; n++)
        {
            pending.Add(session.SendAsync("record", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["n"] = n })));
            if (n == Count / 2)
            {
                await recorder.Reached(Count / 4); // Half sent, a quarter applied: the drop lands mid-stream.
                relay.DropAll();
            }
        }

        var responses = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60));

        for (var n = 0; n < Count; n++)
        {
            Assert.True(responses[n].IsSuccess, $"request {n} failed: {responses[n].Error} {responses[n].Message}");
            Assert.Equal(n, responses[n].Result.GetProperty("n").GetInt32());
        }

        Assert.Equal(Enumerable.Range(0, Count), recorder.Applied); // Each applied once, in order.
        Assert.True(session.Resumes >= 1, "the session should have resumed after the drop");
        Assert.True(relay.Accepted >= 2, "the client should have reconnected through the relay");
        await server.WaitForStateAsync(session.SessionId, SessionState.Pending);
        Assert.Equal(ClientState.Connected, session.State);
    }

    [Fact]
    public async Task Resume_EventsPushedWhilePending_DeliveredAfterResume()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var relay = new TcpRelay(server.Port);
        var states = new List<SessionState>();
        await using var session = BridgeClient.Create(new Uri($"ws://127.0.0.1:{relay.Port}/bridge"), BridgeTestServer.Token);
        session.ServerStateChanged += e =>
        {
            lock (states)
            {
                states.Add(e.State);
            }
        };
        await session.ConnectAsync();
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += c =>
        {
            if (c.State == ClientState.Connected && c.Previous == ClientState.Pending)
            {
                resumed.TrySetResult();
            }
        };

        relay.DropAll();
        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await session.RequestAsync("session.info", default);

        lock (states)
        {
            // The PENDING event was pushed while nobody listened, kept, and replayed on resume.
            Assert.Equal([SessionState.Connected, SessionState.Pending, SessionState.Connected], states);
        }
    }

    [Fact]
    public async Task Resume_ServerClosesConnectionWithShuttingDown_SdkResumesInsteadOfEnding()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += c =>
        {
            if (c.State == ClientState.Connected && c.Previous == ClientState.Pending)
            {
                resumed.TrySetResult();
            }
        };

        Assert.Equal(1, server.Connections.DropSession(session.SessionId)); // Close 4112, as at a drain.

        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(session.Completion.IsCompleted);
        Assert.Equal(5, (await session.RequestAsync("echo", JsonSerializer.SerializeToElement(5))).GetInt32());
        Assert.Equal(1, session.Resumes);
    }

    [Fact]
    public async Task Resume_WhileStillAttached_TakesOverAndClosesOldConnection()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await first.RequestAsync("echo", JsonSerializer.SerializeToElement(1));
        await using var raw = await RawClient.ConnectAsync(server.Url);

        var welcome = await raw.WelcomeAsync(RawClient.NewHello(resume: new Protocol.Messages.ResumeInfo(first.SessionId, first.ResumeToken, first.LastReceivedSequence)));

        Assert.True(welcome.Resumed);
        Assert.Equal(first.SessionId, welcome.SessionId);
        var end = await first.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorCode.SessionTakenOver, end.Code);
        Assert.Equal(SessionState.Connected, (await server.Grains.GetGrain<ISessionGrain>(first.SessionId).GetStatusAsync()).State);
    }

    [Fact]
    public async Task Resume_WrongResumeToken_RejectedAndSessionUntouched()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var raw = await RawClient.ConnectAsync(server.Url);

        var (header, body) = await raw.HelloAsync(RawClient.NewHello(resume: new Protocol.Messages.ResumeInfo(session.SessionId, "guessed-token", 0)));

        Assert.Equal(MessageType.Reject, header.Type);
        Assert.Equal(ErrorCode.ResumeTokenInvalid, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
        Assert.Equal(ClientState.Connected, session.State);
        await session.RequestAsync("echo", JsonSerializer.SerializeToElement(2));
    }

    [Fact]
    public async Task Resume_TokenOfAnotherTenant_RejectedResumeTokenInvalid()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var otherTenant = new Admission.SignedToken("k1", "someone-else", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), null)
            .Sign(Convert.FromBase64String(BridgeTestServer.SigningKey));
        await using var raw = await RawClient.ConnectAsync(server.Url, bearer: otherTenant);

        var (header, body) = await raw.HelloAsync(RawClient.NewHello(resume: new Protocol.Messages.ResumeInfo(session.SessionId, session.ResumeToken, 0)));

        Assert.Equal(MessageType.Reject, header.Type);
        Assert.Equal(ErrorCode.ResumeTokenInvalid, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
        Assert.Equal(ClientState.Connected, session.State);
    }

    [Fact]
    public async Task Resume_SequenceBeyondWhatServerSent_RejectedResumeSequenceInvalid()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var raw = await RawClient.ConnectAsync(server.Url);

        var (header, body) = await raw.HelloAsync(RawClient.NewHello(resume: new Protocol.Messages.ResumeInfo(session.SessionId, session.ResumeToken, 1_000_000)));

        Assert.Equal(MessageType.Reject, header.Type);
        Assert.Equal(ErrorCode.ResumeSequenceInvalid, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
    }
}
