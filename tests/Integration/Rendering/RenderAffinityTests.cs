using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Diagnostics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Remote;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Operations;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// Render silos over loopback: two <c>--role render</c> servers and one session server share a
/// <c>path:</c> cache folder; <c>render.still</c> through the session server runs on the render silo
/// rendezvous hashing picks for the session (its /metrics count the samples, the others' do not),
/// stays there, moves to the other when that one stops, and falls back to local rendering when none
/// answers. A wrong shared secret is refused.
/// </summary>
public sealed class RenderAffinityTests
{
    private const string Secret = "render-secret-0123456789";
    private const string SamplesSeries = "bridge_render_samples_total{source=\"still\"}";

    private static Task<BridgeTestServer> StartRenderSiloAsync(TestDirectory data, string workers = "2") => BridgeTestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bridge:Role"] = "render",
        ["Bridge:Rendering:RemoteSecret"] = Secret,
        ["Bridge:Rendering:Workers"] = workers,
    }, sharedData: data);

    private static async Task<double> StillSamplesAsync(BridgeTestServer server)
    {
        using var http = new HttpClient { BaseAddress = HttpBase(server) };
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics")).Value(SamplesSeries);
    }

    private static Uri HttpBase(BridgeTestServer server) => new($"http://127.0.0.1:{server.Port}");

    [Fact]
    public async Task RenderStill_ThroughASessionSilo_RunsOnTheRendezvousSiloStaysThereAndMovesWhenItStops()
    {
        using var data = new TestDirectory();
        var renderA = await StartRenderSiloAsync(data);
        var renderB = await StartRenderSiloAsync(data);
        var running = new List<BridgeTestServer> { renderA, renderB };
        try
        {
            string[] urls = [HttpBase(renderA).ToString(), HttpBase(renderB).ToString()];
            await using var sessionSilo = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
            {
                ["Bridge:Rendering:RemoteSilos:0"] = urls[0],
                ["Bridge:Rendering:RemoteSilos:1"] = urls[1],
                ["Bridge:Rendering:RemoteSecret"] = Secret,
                ["Bridge:Rendering:RemoteTimeout"] = "00:01:00",
            }, sharedData: data);
            await using var session = await BridgeClient.ConnectAsync(sessionSilo.Url, BridgeTestServer.Token);
            await RenderTestScene.CommitAsync(session);
            var input = new RenderStillInput(Width: 32, Height: 24, Spp: 2, Format: "png");

            var first = await session.RenderStillAsync(input);
            var picked = Rendezvous.Order(session.SessionId, urls)[0] == urls[0] ? renderA : renderB;
            var other = ReferenceEquals(picked, renderA) ? renderB : renderA;
            Assert.Equal(32 * 24 * first.Spp, await StillSamplesAsync(picked));
            Assert.Equal(0, await StillSamplesAsync(other));
            Assert.Equal(0, await StillSamplesAsync(sessionSilo));
            using (var image = new MemoryStream())
            {
                await session.DownloadAsync(first.Image, image); // Stored by the render silo in the shared cache.
                Assert.Equal(first.Bytes, image.Length);
            }

            await session.RenderStillAsync(input);
            Assert.Equal(2 * 32 * 24 * first.Spp, await StillSamplesAsync(picked));
            Assert.Equal(0, await StillSamplesAsync(other));

            running.Remove(picked);
            await picked.DisposeAsync();
            var moved = await session.RenderStillAsync(input);
            Assert.Equal(32 * 24 * moved.Spp, await StillSamplesAsync(other));
            Assert.Equal(0, await StillSamplesAsync(sessionSilo));

            running.Remove(other);
            await other.DisposeAsync();
            var local = await session.RenderStillAsync(input);
            Assert.Equal(32 * 24 * local.Spp, await StillSamplesAsync(sessionSilo));
        }
        finally
        {
            foreach (var server in running)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RenderEndpoint_WrongOrMissingSecret_IsRefusedWith401()
    {
        using var data = new TestDirectory();
        await using var render = await StartRenderSiloAsync(data);
        using var http = new HttpClient { BaseAddress = HttpBase(render) };
        var body = new RemoteStillRequest("bridge", new RenderStillInput(Manifest: new string('0', 64), Width: 8, Height: 8));
        using var wrong = new HttpRequestMessage(HttpMethod.Post, RemoteRenderClient.Path) { Content = JsonContent.Create(body, RenderJobJson.Default.RemoteStillRequest) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret + "x");
        using var refused = await http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var missing = await http.PostAsync(RemoteRenderClient.Path, JsonContent.Create(body, RenderJobJson.Default.RemoteStillRequest));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);

        // The right secret gets in: the manifest is not in the cache, so the answer is the render's own error, not a refusal.
        using var right = new HttpRequestMessage(HttpMethod.Post, RemoteRenderClient.Path) { Content = JsonContent.Create(body, RenderJobJson.Default.RemoteStillRequest) };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        using var answered = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var response = await answered.Content.ReadFromJsonAsync(RenderJobJson.Default.RemoteStillResponse);
        Assert.Null(response!.Result);
        Assert.NotEqual(0, response.Error);
    }

    [Fact]
    public async Task RenderStill_CancelledWhileOnARenderSilo_AbortsTheRemoteRender()
    {
        using var data = new TestDirectory();
        await using var render = await StartRenderSiloAsync(data, workers: "1"); // One worker: a render left running would block the next.
        await using var sessionSilo = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Rendering:RemoteSilos:0"] = HttpBase(render).ToString(),
            ["Bridge:Rendering:RemoteSecret"] = Secret,
            ["Bridge:Rendering:RemoteFallbackLocal"] = "false",
        }, sharedData: data);
        await using var session = await BridgeClient.ConnectAsync(sessionSilo.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        // The render silo's own sample counter says when its first pass is done (remote stills report no progress).
        var samples = render.Services.GetRequiredService<BridgeMetrics>().RenderSamples;
        var firstPass = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, samples))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => firstPass.TrySetResult());
        listener.Start();

        using var cancel = new CancellationTokenSource();
        var stillRender = session.RenderStillAsync(new RenderStillInput(Width: 160, Height: 120, Seconds: 300, Format: "png"), null, cancel.Token);
        await firstPass.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stillRender.WaitAsync(TimeSpan.FromSeconds(60)));

        // The render silo's only worker is free again, so the 300-second render there was stopped.
        var next = await session.RenderStillAsync(new RenderStillInput(Width: 16, Height: 16, Spp: 1)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, next.Spp);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"cancel took {stopwatch.Elapsed}");
    }
}
