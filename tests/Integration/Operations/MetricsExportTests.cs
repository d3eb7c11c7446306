using OrleansBridge.Client;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Operations;

/// <summary>
/// /metrics as OpenTelemetry's Prometheus exporter serves it: Orleans' meter beside ours, and each
/// server's figures only, though the tests run many servers in one process.
/// </summary>
public sealed class MetricsExportTests
{
    [Fact]
    public async Task Metrics_OfAServer_IncludeOrleansMetersOfItsOwnSilo()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = HttpBase(server) };
        var before = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));

        Assert.Equal("gauge", before.Types["orleans_consistent_ring_size"]);
        Assert.Equal(1, before.Required("orleans_consistent_ring_size")); // each server is a cluster of one silo
        Assert.Equal("gauge", before.Types["orleans_catalog_activations"]);
        Assert.Equal(1, before.Required("orleans_catalog_activations{grain_type=\"application\"}")); // the one configured application, "bridge"
        Assert.Equal("histogram", before.Types["orleans_app_requests_latency_milliseconds"]);
        var requests = before.Required("orleans_app_requests_latency_milliseconds_count");

        // A session's admission asks the application grain, so Orleans counts more grain calls.
        await using (var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token))
        {
            await session.CloseAsync();
        }

        var after = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
        Assert.True(after.Required("orleans_app_requests_latency_milliseconds_count") > requests,
            $"grain calls should grow with a session: {requests} before, {after.Value("orleans_app_requests_latency_milliseconds_count")} after");
    }

    [Fact]
    public async Task Metrics_OfTwoServersInOneProcess_EachCountOnlyTheirOwn()
    {
        await using var quiet = await BridgeTestServer.StartAsync();
        await using var busy = await BridgeTestServer.StartAsync();
        await using (var session = await BridgeClient.ConnectAsync(busy.Url, BridgeTestServer.Token))
        {
            await session.CloseAsync();
        }

        await busy.WaitForTransitionAsync(t => t.State == Sessions.SessionState.Closed);
        using var http = new HttpClient();
        var ofQuiet = PrometheusScrape.Parse(await http.GetStringAsync(new Uri(HttpBase(quiet), "/metrics")));
        var ofBusy = PrometheusScrape.Parse(await http.GetStringAsync(new Uri(HttpBase(busy), "/metrics")));

        Assert.Equal(1, ofBusy.Required("bridge_session_transitions_total{state=\"connected\"}"));
        Assert.True(ofBusy.Required("bridge_received_bytes_total") > 0);
        Assert.False(ofQuiet.Has("bridge_session_transitions_total{state=\"connected\"}"), "the quiet server had no session");
        Assert.False(ofQuiet.Has("bridge_received_bytes_total"), "the quiet server received no WebSocket message");

        // Orleans' meters too: each silo activated its own application grain once, whichever started first.
        Assert.Equal(1, ofQuiet.Required("orleans_catalog_activation_created_total{grain_type=\"application\"}"));
        Assert.Equal(1, ofBusy.Required("orleans_catalog_activation_created_total{grain_type=\"application\"}"));
    }

    private static Uri HttpBase(BridgeTestServer server) => new($"http://127.0.0.1:{server.Port}");
}
