using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Connect_ValidToken_WelcomesWithLimitsAndCapabilities()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        Assert.Equal(ClientState.Connected, session.State);
        Assert.Equal(1, session.ProtocolVersion);
        Assert.Matches("^[0-9a-f]{32}$", session.SessionId);
        Assert.Equal("default", session.Tenant);
        Assert.Contains("echo", session.Capabilities);
        Assert.Contains("resume", session.Capabilities);
        Assert.Equal(60_000, session.Limits!.GraceWindowMs);
        await server.WaitForStateAsync(session.SessionId, SessionState.Connected);

        var echoed = await session.RequestAsync("echo", JsonDocument.Parse("""{"n":7,"text":"hi"}""").RootElement);
        Assert.Equal(7, echoed.GetProperty("n").GetInt32());
        Assert.Equal("hi", echoed.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Hello_NewerClientVersion_ServerChoosesItsNewest()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var raw = await RawClient.ConnectAsync(server.Url);

        var welcome = await raw.WelcomeAsync(RawClient.NewHello(version: 7));

        Assert.Equal(1, welcome.ProtocolVersion);
        Assert.Equal([1], welcome.SupportedVersions);
        Assert.False(welcome.Resumed);
    }

    [Fact]
    public async Task Hello_VersionOlderThanAnySupported_RejectedWithSupportedList()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var raw = await RawClient.ConnectAsync(server.Url);

        var (header, body) = await raw.HelloAsync(RawClient.NewHello(version: 0));

        Assert.Equal(MessageType.Reject, header.Type);
        var reject = JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!;
        Assert.Equal(ErrorCode.UnsupportedProtocolVersion, reject.Code);
        Assert.Equal([1], reject.SupportedVersions);
        var (_, status) = await raw.ReadUntilClosedAsync();
        Assert.Equal((int)ErrorCode.UnsupportedProtocolVersion, (int?)status);
    }

    [Fact]
    public async Task ExplicitClose_SessionClosedAtOnceAndReleased()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        Assert.Equal(1, (await server.ApplicationStatusAsync()).Sessions);

        await session.CloseAsync();

        var end = await session.Completion;
        Assert.Equal(ErrorCode.SessionClosed, end.Code);
        var closed = await server.WaitForStateAsync(session.SessionId, SessionState.Closed);
        Assert.Equal(SessionState.Connected, closed.Previous);
        Assert.Equal(0, (await server.ApplicationStatusAsync()).Sessions);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task SessionCloseMethod_AnsweredBeforeTheCloseFrame()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var response = await session.SendAsync("session.close", default);

        Assert.True(response.IsSuccess, $"session.close answered {response.Error}: {response.Message}");
        Assert.Equal(ErrorCode.SessionClosed, (await session.Completion.WaitAsync(TimeSpan.FromSeconds(30))).Code);
        Assert.Equal(0, (await server.ApplicationStatusAsync()).Sessions);
    }

    [Fact]
    public async Task CloseAsync_RequestsQueuedJustBefore_AreAnsweredFirst()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var queued = Enumerable.Range(0, 20).Select(n => session.SendAsync("echo", JsonSerializer.SerializeToElement(n))).ToList();

        await session.CloseAsync();

        var responses = await Task.WhenAll(queued);
        Assert.All(responses, r => Assert.True(r.IsSuccess, $"{r.Error} {r.Message}"));
        Assert.Equal(Enumerable.Range(0, 20), responses.Select(r => r.Result.GetInt32()));
    }

    [Fact]
    public async Task Upgrade_UnknownPath_Http404WithApplicationNotFound()
    {
        await using var server = await BridgeTestServer.StartAsync();

        var ex = await Assert.ThrowsAsync<BridgeRejectedException>(() => BridgeClient.ConnectAsync(new Uri(server.BaseUri, "/nope"), BridgeTestServer.Token));

        Assert.Equal(ErrorCode.ApplicationNotFound, ex.Code);
        Assert.Contains("404", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionLogs_LevelNotAString_InvalidArgumentAndSettingKept()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token, new BridgeClientOptions { LogLevel = "warning" });

        var number = await session.SendAsync("session.logs", JsonDocument.Parse("""{"level": 5}""").RootElement);
        var unknown = await session.SendAsync("session.logs", JsonDocument.Parse("""{"level": "loud"}""").RootElement);

        Assert.Equal(ErrorCode.InvalidArgument, number.Error);
        Assert.Equal(ErrorCode.InvalidArgument, unknown.Error);
        Assert.Equal("Warning", (await session.RequestAsync("session.info", default)).GetProperty("logLevel").GetString());
    }

    [Fact]
    public async Task ServerStateEvents_FirstEventObservedWhenSubscribedBeforeConnect()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var events = new List<SessionStateEvent>();
        await using var session = BridgeClient.Create(server.Url, BridgeTestServer.Token);
        session.ServerStateChanged += e =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };

        await session.ConnectAsync();
        await session.RequestAsync("session.info", default); // Everything pushed before the answer has arrived.

        lock (events)
        {
            var connected = Assert.Single(events);
            Assert.Equal(SessionState.Connected, connected.State);
            Assert.Equal(SessionState.Connecting, connected.Previous);
        }
    }

    [Fact]
    public async Task Upgrade_NoHelloWithinHandshakeTimeout_RejectFrame4105ThenClose4105()
    {
        var timeout = TimeSpan.FromSeconds(1);
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:HandshakeTimeout"] = timeout.ToString(),
        });
        // The clock starts before the connection: the server's deadline runs from its side of the upgrade,
        // which a loaded machine may finish well before the client's ConnectAsync returns.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var raw = await RawClient.ConnectAsync(server.Url);

        var (header, body) = await raw.ReceiveFrameAsync(); // a reset here would throw WebSocketException
        var waited = clock.Elapsed;
        var (_, status) = await raw.ReadUntilClosedAsync();

        Assert.Equal(MessageType.Reject, header.Type);
        Assert.Equal(ErrorCode.HandshakeTimeout, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
        Assert.Equal((int)ErrorCode.HandshakeTimeout, (int?)status);
        Assert.InRange(waited, timeout * 0.95, timeout + TimeSpan.FromSeconds(9));
        Assert.Equal(0, (await server.ApplicationStatusAsync()).Sessions);
    }
}
