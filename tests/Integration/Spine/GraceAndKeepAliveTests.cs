using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

/// <summary>Time-driven behaviour, with the server on a manual clock: nothing here sleeps.</summary>
public sealed class GraceAndKeepAliveTests
{
    [Fact]
    public async Task GraceWindow_ClientNeverReturns_ClosedAndReleasedThenResumeRefused()
    {
        var time = new ManualTimeProvider();
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        await using var relay = new TcpRelay(server.Port);
        await using var session = await BridgeClient.ConnectAsync(
            new Uri($"ws://127.0.0.1:{relay.Port}/bridge"), BridgeTestServer.Token, new BridgeClientOptions { AutoReconnect = false });
        var (id, token, last) = (session.SessionId, session.ResumeToken, session.LastReceivedSequence);

        relay.DropAll();
        await server.WaitForStateAsync(id, SessionState.Pending);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(SessionState.Pending, (await server.Grains.GetGrain<ISessionGrain>(id).GetStatusAsync()).State);
        Assert.Equal(1, (await server.ApplicationStatusAsync()).Sessions);

        time.Advance(TimeSpan.FromSeconds(2));

        var closed = await server.WaitForStateAsync(id, SessionState.Closed);
        Assert.Contains(nameof(ErrorCode.SessionExpired), closed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await server.ApplicationStatusAsync()).Sessions);
        await using var raw = await RawClient.ConnectAsync(server.Url);
        var (header, body) = await raw.HelloAsync(RawClient.NewHello(resume: new ResumeInfo(id, token, last)));
        Assert.Equal(MessageType.Reject, header.Type);
        Assert.Equal(ErrorCode.SessionNotFound, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
    }

    [Fact]
    public async Task KeepAlive_ClientSilentPastPingTimeout_ServerPingsThenDropsToPending()
    {
        var time = new ManualTimeProvider();
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        await using var raw = await RawClient.ConnectAsync(server.Url);
        var welcome = await raw.WelcomeAsync(RawClient.NewHello());
        var (stateEvent, _) = await raw.ReceiveFrameAsync(); // session.state Connected

        time.Advance(TimeSpan.FromSeconds(15));
        var (ping, _) = await raw.ReceiveFrameAsync();
        Assert.Equal(MessageType.Ping, ping.Type);
        time.Advance(TimeSpan.FromSeconds(30));

        var pending = await server.WaitForStateAsync(welcome.SessionId, SessionState.Pending);
        Assert.Contains(((int)ErrorCode.KeepAliveTimeout).ToString(), pending.Reason, StringComparison.Ordinal);
        Assert.Equal(MessageType.Event, stateEvent.Type);
    }

    [Fact]
    public async Task RateLimit_OverMessagesPerSecond_ExtraRequestsAnsweredRateLimitedThenRecover()
    {
        var time = new ManualTimeProvider();
        await using var server = await BridgeTestServer.StartAsync(
            new Dictionary<string, string?> { ["Bridge:Applications:bridge:Limits:MaxMessagesPerSecond"] = "5" },
            s => s.AddSingleton<TimeProvider>(time));
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => session.SendAsync("echo", JsonSerializer.SerializeToElement(n))));

        Assert.Equal(5, responses.Count(r => r.IsSuccess));
        Assert.All(responses.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCode.RateLimited, r.Error));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await session.SendAsync("echo", JsonSerializer.SerializeToElement(9))).IsSuccess);
    }

    [Fact]
    public async Task InFlight_UnansweredBytesOverLimit_TooManyInFlightThenServedWhenAnswered()
    {
        var time = new ManualTimeProvider();
        await using var server = await BridgeTestServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Bridge:Applications:bridge:Limits:MaxMessageBytes"] = "1024",
                ["Bridge:Applications:bridge:Limits:MaxInFlightBytes"] = "2048",
            },
            s => s.AddSingleton<TimeProvider>(time));
        await using var raw = await RawClient.ConnectAsync(server.Url);
        await raw.WelcomeAsync(RawClient.NewHello());
        await raw.ReceiveFrameAsync(); // session.state Connected
        var slow = JsonSerializer.SerializeToElement(new { delayMs = 1000, pad = new string('x', 400) });

        for (uint seq = 1; seq <= 6; seq++)
        {
            await raw.SendAsync(RawClient.Request(seq, seq, "echo", slow));
        }

        // About 470 bytes each: four fit in 2048, the fifth and sixth are refused at once.
        var refused = new List<uint>();
        for (var i = 0; i < 2; i++)
        {
            var (header, body) = await raw.ReceiveFrameAsync();
            Assert.Equal(FrameFlags.Error, header.Flags);
            Assert.Equal(ErrorCode.TooManyInFlight, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
            refused.Add(header.RequestId);
        }

        Assert.Equal([5u, 6u], refused);
        time.Advance(TimeSpan.FromSeconds(1));
        var answered = new List<uint>();
        for (var i = 0; i < 4; i++)
        {
            var (header, _) = await raw.ReceiveFrameAsync();
            Assert.Equal(FrameFlags.None, header.Flags);
            answered.Add(header.RequestId);
        }

        Assert.Equal([1u, 2u, 3u, 4u], answered.Order());
    }

    [Fact]
    public async Task LogForwarding_ClientAsksInformation_ReceivesSessionLogLines()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var logs = new List<LogEvent>();
        await using var session = BridgeClient.Create(server.Url, BridgeTestServer.Token, new BridgeClientOptions { LogLevel = "information" });
        session.LogReceived += log =>
        {
            lock (logs)
            {
                logs.Add(log);
            }
        };

        await session.ConnectAsync();
        await session.RequestAsync("session.info", default);

        lock (logs)
        {
            var line = Assert.Single(logs);
            Assert.Equal("Information", line.Level);
            Assert.Contains("Connecting -> Connected", line.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LogForwarding_ClientAsksDebugOverServerCap_CappedAtWarning()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxForwardedLogLevel"] = "Warning",
        });
        var logs = 0;
        await using var session = BridgeClient.Create(server.Url, BridgeTestServer.Token, new BridgeClientOptions { LogLevel = "debug" });
        session.LogReceived += _ => Interlocked.Increment(ref logs);
        await session.ConnectAsync();

        var info = await session.RequestAsync("session.info", default);

        Assert.Equal("Warning", info.GetProperty("logLevel").GetString());
        Assert.Equal(0, Volatile.Read(ref logs)); // The Information line about connecting is below the cap.
        await session.SetLogLevelAsync(null);
        Assert.False((await session.RequestAsync("session.info", default)).TryGetProperty("logLevel", out _));
    }

    [Fact]
    public async Task Outbox_ClientNeverAcknowledges_SessionClosedWithOutboundBufferFull()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxMessageBytes"] = "1024",
            ["Bridge:Applications:bridge:Limits:MaxInFlightBytes"] = "4096",
            ["Bridge:Applications:bridge:Limits:MaxOutboundBytes"] = "2048",
        });
        await using var raw = await RawClient.ConnectAsync(server.Url);
        var welcome = await raw.WelcomeAsync(RawClient.NewHello());
        var payload = JsonSerializer.SerializeToElement(new string('x', 600));

        // Every frame says ack 0: the server must hold each answer, and its bound is 2048 bytes.
        for (uint seq = 1; seq <= 5; seq++)
        {
            await raw.SendAsync(RawClient.Request(seq, seq, "echo", payload));
        }

        var (close, status) = await raw.ReadUntilClosedAsync();
        Assert.Equal(ErrorCode.OutboundBufferFull, close?.Code);
        Assert.Equal((int)ErrorCode.OutboundBufferFull, (int?)status);
        var closed = await server.WaitForStateAsync(welcome.SessionId, SessionState.Closed);
        Assert.Contains(((int)ErrorCode.OutboundBufferFull).ToString(), closed.Reason, StringComparison.Ordinal);
    }
}
