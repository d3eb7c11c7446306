using System.Threading.Channels;
using OrleansBridge.Client;
using OrleansBridge.Rendering;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Operations;

/// <summary>The render and video instruments of /metrics move with real stills and real frames, and name the render device.</summary>
public sealed class RenderMetricsTests
{
    [Fact]
    public async Task Metrics_AfterAStillAndVideoFrames_CountSamplesFramesAndEncodeTimes()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);

        var still = await session.RenderStillAsync(new RenderStillInput(Width: 40, Height: 30, Spp: 3, Format: "png"));
        var afterStill = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
        Assert.Equal("counter", afterStill.Types["bridge_render_samples_total"]);
        Assert.Equal(40 * 30 * still.Spp, afterStill.Required("bridge_render_samples_total{source=\"still\"}"));

        // Where renders run (Bridge:Rendering:Device, auto here): the welcome names it, the gauge carries it.
        var device = Assert.Single(session.Capabilities, c => c.StartsWith("render.device.", StringComparison.Ordinal))["render.device.".Length..];
        Assert.Contains(device, new[] { "cpu", "cuda" });
        Assert.Equal(1, afterStill.Required($"bridge_render_device{{device=\"{device}\"}}"));

        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Camera: DemoScene.Camera.Name, Width: 64, Height: 48, Format: "jpg", MaxFps: 10, Spp: 4));
        for (var n = 0; n < 2; n++)
        {
            await frames.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await video.CloseAsync();
        var scrape = PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
        var encoded = scrape.Required("bridge_video_frames_encoded_total{format=\"jpg\"}");
        Assert.True(encoded >= 2, $"two frames were received, so at least two were encoded: {encoded}");
        Assert.Equal("histogram", scrape.Types["bridge_video_encode_seconds"]);
        Assert.Equal(encoded, scrape.Required("bridge_video_encode_seconds_count"));
        Assert.True(scrape.Required("bridge_video_encode_seconds_sum") > 0, "encoding takes time");
        Assert.Equal(encoded, scrape.Required("bridge_video_encode_seconds_bucket{le=\"+Inf\"}"));
        var under640ms = scrape.Required("bridge_video_encode_seconds_bucket{le=\"0.64\"}"); // the instrument's advised top boundary
        Assert.InRange(under640ms, scrape.Required("bridge_video_encode_seconds_bucket{le=\"0.001\"}"), encoded);
        var videoSamples = scrape.Required("bridge_render_samples_total{source=\"video\"}");
        Assert.True(videoSamples >= 64 * 48, $"each frame shows at least one sample per pixel: {videoSamples}");
        Assert.Equal(afterStill.Value("bridge_render_samples_total{source=\"still\"}"), scrape.Value("bridge_render_samples_total{source=\"still\"}"));
    }
}
