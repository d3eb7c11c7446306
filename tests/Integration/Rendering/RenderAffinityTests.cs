using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansBridge.Client;
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

    private static Task<BridgeTestServer> StartRenderSiloAsync(TestDirectory data) => BridgeTestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bridge:Role"] = "render",
        ["Bridge:Rendering:RemoteSecret"] = Secret,
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
}
