using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// Frames in the page: a model uploaded and imported, rendered, decoded onto the canvas, refined, steered.
/// The stream is whatever the server offers: video contexts when it has them, else repeated <c>render.still</c> images.
/// </summary>
public sealed class ViewerStreamTests(ViewerPageFixture fixture, ITestOutputHelper output) : IClassFixture<ViewerPageFixture>
{
    private static readonly float TimeoutMs = 60_000;

    [Fact]
    public async Task Page_UploadGlb_CanvasShowsTheModelAndRefinesAsSamplesAccumulate()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        await page.UploadAsync("cube.glb", TestGlb.Cube());

        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('view').dataset.frames) >= 1", null, new() { Timeout = TimeoutMs });
        var first = await page.CanvasStatsAsync();
        // Samples accumulate: a later frame carries more samples per pixel than the one read first.
        await page.Page.WaitForFunctionAsync(
            "(s) => Number(document.getElementById('view').dataset.spp) > s", first.GetProperty("spp").GetInt32(), new() { Timeout = TimeoutMs });
        var later = await page.CanvasStatsAsync();

        Assert.True(first.GetProperty("lit").GetInt32() > 1000, $"the canvas is blank: {first}");
        Assert.True(later.GetProperty("spp").GetInt32() > first.GetProperty("spp").GetInt32(), $"samples did not accumulate: {first} → {later}");
        Assert.True(Difference(first, later) > 0, $"the picture should change as it refines: {first} → {later}");
        // The server has video contexts and this Chromium decodes H.264 on a page from 127.0.0.1: WebCodecs, not the JPEG fallback.
        Assert.StartsWith("h264", await page.Page.TextContentAsync("[data-metric=stream]") ?? string.Empty, StringComparison.Ordinal);
        await page.ScreenshotAsync("stream");
    }

    [Fact]
    public async Task Page_VideoContextGoneAfterAResume_PageOpensItAgainAndFramesContinue()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        await page.UploadAsync("cube.glb", TestGlb.Cube());
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('view').dataset.frames) >= 1", null, new() { Timeout = TimeoutMs });
        var sessionId = await page.SessionIdAsync();
        var context = await page.Page.EvaluateAsync<string>("() => window.viewer.stream.context");
        var server = fixture.Server.Server;

        // What a move does to the silo the session leaves: its contexts stop there, and the client resumes elsewhere.
        var videos = server.Services.GetRequiredService<OrleansBridge.Video.VideoContexts>();
        Assert.Equal(Protocol.ErrorCode.None, (await videos.CloseAsync(sessionId, context)).Error);
        Assert.Equal(1, server.Connections.DropSession(sessionId));

        await page.Page.WaitForFunctionAsync("(c) => window.viewer.stream?.context && window.viewer.stream.context !== c", context, new() { Timeout = TimeoutMs });
        var frames = await page.Page.EvaluateAsync<int>("() => Number(document.getElementById('view').dataset.frames)");
        await page.Page.WaitForFunctionAsync("(n) => Number(document.getElementById('view').dataset.frames) > n", frames, new() { Timeout = TimeoutMs });
        Assert.Equal(sessionId, await page.SessionIdAsync());
        Assert.Equal(1, videos.Count(sessionId)); // the new context only
        Assert.Contains("opening it again", await page.Page.Locator("#log").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_DragOnCanvas_PictureChangesAndLatencyAndItsTimelineAreShown_FramesAcknowledgedOnceOnScreen()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        await page.UploadAsync("cube.glb", TestGlb.Cube());
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('view').dataset.frames) >= 1", null, new() { Timeout = TimeoutMs });
        var before = await page.CanvasStatsAsync();

        // Every MediaAck from here on, with the frame on screen when it went out.
        await page.Page.EvaluateAsync("""
            () => {
              const { session, screen } = window.viewer;
              const send = session.ackMedia.bind(session);
              window.acks = [];
              session.ackMedia = (id) => { window.acks.push({ id, presented: screen.presented }); send(id); };
            }
            """);
        await page.DragAsync(160, 60);

        await page.Page.WaitForFunctionAsync(
            "() => /\\d+ ms/.test(document.querySelector('[data-metric=latency]').textContent) && document.getElementById('view').dataset.timeline",
            null, new() { Timeout = TimeoutMs });
        var after = await page.CanvasStatsAsync();
        Assert.NotEqual(Cells(before), Cells(after));
        var timelineText = await page.Page.TextContentAsync("[data-metric=timeline]");
        output.WriteLine($"edit-to-photon: {await page.Page.TextContentAsync("[data-metric=latency]")} = {timelineText}, fps {await page.Page.TextContentAsync("[data-metric=fps]")}");

        // The stages of the edit's frame: none negative, the server's in order, and together the latency shown.
        using var timeline = JsonDocument.Parse(await page.Page.EvaluateAsync<string>("() => document.getElementById('view').dataset.timeline"));
        var root = timeline.RootElement;
        var stages = root.GetProperty("stages").EnumerateObject().Select(s => (s.Name, Ms: s.Value.GetDouble())).ToArray();
        Assert.Equal(["client", "commit", "load", "render", "wait", "encode", "queue", "net", "decode", "draw"], stages.Select(s => s.Name));
        Assert.All(stages, s => Assert.True(s.Ms >= 0, $"{s.Name} is {s.Ms} ms: {root}"));
        Assert.Equal(root.GetProperty("latency").GetDouble(), stages.Sum(s => s.Ms), precision: 3);
        var server = root.GetProperty("server");
        var offsets = new[] { "committed", "loaded", "renderStart", "renderEnd", "encodeStart", "encodeEnd", "sent" }.Select(n => server.GetProperty(n).GetDouble()).ToArray();
        Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second), $"server stages out of order: {server}");
        Assert.Contains("render", timelineText, StringComparison.Ordinal);

        // MediaAck goes out once the frame is on screen, in the animation frame after it was drawn.
        using var acks = JsonDocument.Parse(await page.Page.EvaluateAsync<string>("() => JSON.stringify(window.acks)"));
        var sent = acks.RootElement.EnumerateArray().Select(a => (Id: a.GetProperty("id").GetInt64(), Presented: a.GetProperty("presented").GetInt64())).ToArray();
        Assert.NotEmpty(sent);
        Assert.All(sent, a => Assert.True(a.Id == a.Presented, $"media {a.Id} acknowledged while {a.Presented} was on screen: {acks.RootElement}"));
        await page.ScreenshotAsync("orbit");
    }

    [Fact]
    public async Task Page_TenDrags_EachIsAnsweredOnTheCanvas_AndTheDragToPixelsLatencyIsPrinted()
    {
        const int Drags = 10;
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        await page.UploadAsync("cube.glb", TestGlb.Cube());
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('view').dataset.frames) >= 1", null, new() { Timeout = TimeoutMs });

        // Every edit-to-photon the overlay reports: from the drag's camera edit to the frame showing it on screen.
        await page.Page.EvaluateAsync("""
            () => {
              const figures = window.viewer.screen.figures;
              const show = figures.latency.bind(figures);
              window.latencies = [];
              figures.latency = (ms) => { window.latencies.push(ms); show(ms); };
            }
            """);
        for (var i = 0; i < Drags; i++)
        {
            var seen = await page.Page.EvaluateAsync<int>("() => window.latencies.length");
            await page.DragAsync(i % 2 == 0 ? 60 : -60, 10);
            await page.Page.WaitForFunctionAsync("(n) => window.latencies.length > n", seen, new() { Timeout = TimeoutMs });
        }

        var latencies = (await page.Page.EvaluateAsync<double[]>("() => window.latencies")).Order().ToArray();
        Assert.True(latencies.Length >= Drags, $"{latencies.Length} edits shown for {Drags} drags");
        Assert.All(latencies, ms => Assert.True(ms > 0, $"an edit shown {ms} ms after it was made"));
        var stream = await page.Page.TextContentAsync("[data-metric=stream]");
        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Chromium, stream {stream}, {Drags} drags, {latencies.Length} edits shown: drag to changed pixels p50 {latencies[latencies.Length / 2]:0.0} ms, p99 {latencies[^1]:0.0} ms (nearest rank), min {latencies[0]:0.0} ms"));
    }

    [Fact]
    public async Task Page_DownloadStill_BrowserSavesAPngOfTheCanvasSize()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        await page.UploadAsync("cube.glb", TestGlb.Cube());
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('view').dataset.frames) >= 1", null, new() { Timeout = TimeoutMs });
        await page.Page.FillAsync("#spp", "4");

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.ClickAsync("#still"), new() { Timeout = TimeoutMs });

        var path = Path.Combine(ViewerPageFixture.ArtifactsFolder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        output.WriteLine($"still: {path}");
        var png = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // IHDR width
        Assert.Equal(360, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.StartsWith("still-640x360-", download.SuggestedFilename, StringComparison.Ordinal);
    }

    /// <summary>Summed absolute difference of the two pictures' 8×8 brightness grids (Monte Carlo noise differs between sample counts).</summary>
    private static double Difference(JsonElement a, JsonElement b) =>
        a.GetProperty("cells").EnumerateArray().Zip(b.GetProperty("cells").EnumerateArray()).Sum(p => Math.Abs(p.First.GetDouble() - p.Second.GetDouble()));

    /// <summary>The 8×8 brightness grid, rounded so that two encodes of one picture compare equal.</summary>
    private static string Cells(JsonElement stats) =>
        string.Join(',', stats.GetProperty("cells").EnumerateArray().Select(c => Math.Round(c.GetDouble() / 1e5)));
}
