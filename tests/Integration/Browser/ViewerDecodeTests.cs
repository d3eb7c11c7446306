using Xunit.Abstractions;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// The page's decoders in Chromium with frames made by the real ffmpeg in the shapes the video contexts
/// send: H.264 Annex-B access units through WebCodecs, and JPEG. Independent of a renderer.
/// </summary>
public sealed class ViewerDecodeTests(ViewerPageFixture fixture, ITestOutputHelper output) : IClassFixture<ViewerPageFixture>
{
    [Fact]
    public async Task H264Decoder_AnnexBAccessUnits_EachDrawnOnTheCanvas()
    {
        var units = await FfmpegSamples.H264AccessUnitsAsync(320, 180, 12);
        await using var page = await ViewerPage.OpenAsync(fixture, output);

        var result = await page.Page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async (units) => {
              const { H264Decoder, codecOf } = await import('/viewer/viewer-stream.js');
              const screen = window.viewer.screen;
              const errors = [];
              const decoder = new H264Decoder(screen, (e) => errors.push(String(e)));
              const first = Uint8Array.fromBase64(units[0]);
              units.forEach((unit, i) => decoder.decode({ frame: i + 1, keyframe: i === 0, spp: i + 1 }, Uint8Array.fromBase64(unit)));
              await decoder._decoder.flush();
              return { codec: codecOf(first), frames: screen.frames, width: screen.canvas.width, height: screen.canvas.height, errors };
            }
            """, units.Select(Convert.ToBase64String).ToArray());
        output.WriteLine(result.ToString());

        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("avc1.42", result.GetProperty("codec").GetString(), StringComparison.Ordinal); // Baseline profile, read from the SPS.
        Assert.Equal(units.Count, result.GetProperty("frames").GetInt32());
        Assert.Equal(320, result.GetProperty("width").GetInt32());
        Assert.Equal(180, result.GetProperty("height").GetInt32());
        var stats = await page.CanvasStatsAsync();
        Assert.True(stats.GetProperty("lit").GetInt32() > 320 * 180 / 2, $"the decoded test pattern should light the canvas: {stats}");
        Assert.Contains("kbit/s", await page.Page.TextContentAsync("[data-metric=bitrate]") ?? string.Empty, StringComparison.Ordinal);
        await page.ScreenshotAsync("h264");
    }

    [Fact]
    public async Task JpegFrame_Drawn_CanvasTakesItsSize()
    {
        var jpeg = await FfmpegSamples.JpegAsync(256, 144);
        await using var page = await ViewerPage.OpenAsync(fixture, output);

        var frames = await page.Page.EvaluateAsync<int>("""
            async (jpeg) => {
              const { drawImageBytes } = await import('/viewer/viewer-stream.js');
              await drawImageBytes(window.viewer.screen, Uint8Array.fromBase64(jpeg), 'image/jpeg', { bytes: 1, spp: 4 });
              return window.viewer.screen.frames;
            }
            """, Convert.ToBase64String(jpeg));

        Assert.Equal(1, frames);
        var stats = await page.CanvasStatsAsync();
        Assert.True(stats.GetProperty("lit").GetInt32() > 256 * 144 / 2, $"the JPEG should light the canvas: {stats}");
        Assert.Equal(4, stats.GetProperty("spp").GetInt32());
    }
}
