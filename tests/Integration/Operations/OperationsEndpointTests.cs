using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Gateway;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Operations;

/// <summary>/metrics, /healthz, /readyz and the drain, on the real server.</summary>
public sealed class OperationsEndpointTests
{
    private static readonly string Missing = new('a', 64);

    [Fact]
    public async Task Metrics_AfterRealTraffic_ParseAsPrometheusTextAndMoveWithIt()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = HttpBase(server) };
        var before = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));

        await using (var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token))
        {
            for (var i = 0; i < 5; i++)
            {
                await session.RequestAsync("echo", JsonSerializer.SerializeToElement(new { i, pad = new string('x', 1000) }));
            }

            await session.RequestAsync("cache.query", JsonSerializer.SerializeToElement(new { hashes = new[] { Missing } }));
            using var response = await http.GetAsync("/metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            var during = PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(1, during.Required("bridge_sessions{state=\"connected\"}"));
            Assert.Equal("gauge", during.Types["bridge_sessions"]);
            Assert.Equal("counter", during.Types["bridge_received_bytes_total"]);
            Assert.True(during.Required("bridge_received_bytes_total") >= before.Value("bridge_received_bytes_total") + 5000,
                $"received bytes should grow by the 5 echo requests: {during.Value("bridge_received_bytes_total")}");
            Assert.True(during.Required("bridge_sent_bytes_total") >= before.Value("bridge_sent_bytes_total") + 5000);
            Assert.Equal(1, during.Required("bridge_cache_lookups_total{result=\"miss\"}"));
            Assert.Equal(0, during.Required("bridge_cache_lookups_total{result=\"hit\"}"));
            Assert.Equal(1, during.Required("bridge_session_transitions_total{state=\"connected\"}"));
            await session.CloseAsync();
        }

        await server.WaitForTransitionAsync(t => t.State == SessionState.Closed);
        var after = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
        Assert.Equal(0, after.Required("bridge_sessions{state=\"connected\"}"));
        Assert.Equal(1, after.Required("bridge_session_transitions_total{state=\"closed\"}"));
    }

    [Fact]
    public async Task Readiness_IsReadyAfterStart_AndNotReadyWhileDraining_WhenUpgradesAreRefusedWith4307()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = HttpBase(server) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        server.Services.GetRequiredService<GatewayDrain>().Begin();

        var draining = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
        Assert.Contains("draining", await draining.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode); // still alive
        var refused = await Assert.ThrowsAsync<BridgeRejectedException>(() => BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token));
        Assert.Equal(ErrorCode.ServerDraining, refused.Code);
        var scrape = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
        Assert.Equal(1, scrape.Required("bridge_upgrades_refused_total{code=\"4307\"}"));
    }

    [Fact]
    public async Task Stop_WithASessionOnSingleSiloStorage_ClosesItsConnectionWith4112WithinTheDrain()
    {
        var drain = TimeSpan.FromSeconds(5);
        var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:DrainTimeout"] = drain.ToString() });
        await using var raw = await RawClient.ConnectAsync(server.Url);
        var welcome = await raw.WelcomeAsync(RawClient.NewHello());
        var reading = raw.ReadUntilClosedAsync(); // answers the server's close handshake, as a client should

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();
        var stopped = clock.Elapsed;

        var (close, status) = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorCode.ServerShuttingDown, close?.Code);
        Assert.Equal((int)ErrorCode.ServerShuttingDown, (int?)status);
        Assert.True(stopped < drain, $"the server took {stopped} to stop; the drain allows {drain}");
        var pending = Assert.Single(server.Transitions, t => t.SessionId == welcome.SessionId && t.State == Sessions.SessionState.Pending);
        Assert.Contains("4112", pending.Reason, StringComparison.Ordinal);
    }

    private static Uri HttpBase(BridgeTestServer server) => new($"http://127.0.0.1:{server.Port}");
}
