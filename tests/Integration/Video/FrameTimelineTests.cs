using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Protocol.Media;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

/// <summary>
/// A frame's timeline (docs/protocol.md §6.7) over real Kestrel, the SDK's WebSocket, the scene adapter
/// and libx264: what the server says it spent against what the client measured.
/// </summary>
public sealed class FrameTimelineTests : IAsyncLifetime
{
    private BridgeTestServer? _server;

    private BridgeTestServer Server => _server!;

    public async Task InitializeAsync() => _server = await BridgeTestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The timeline's offsets in order, the origin (the edit's receipt) first.</summary>
    private static (string Stage, double At)[] Offsets(VideoFrameTimeline t) =>
    [
        ("received", 0), ("committed", t.Committed), ("loaded", t.Loaded), ("renderStart", t.RenderStart), ("renderEnd", t.RenderEnd),
        ("encodeStart", t.EncodeStart), ("encodeEnd", t.EncodeEnd), ("sent", t.Sent),
    ];

    [Fact]
    public async Task CameraEdit_NextFramesTimeline_StagesAreOrderedAndSumWithinTheMeasuredEditToPhoton()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 160, Height: 96, Format: "h264", MaxFps: 20));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await frames.Reader.ReadAsync(timeout.Token);

        var before = Stopwatch.GetTimestamp();
        var edit = await DemoScene.Camera.MoveAsync(session, 1f, timeout.Token);
        var frame = await frames.Reader.FirstOfAsync(edit.Transaction, timeout.Token);
        var measured = Stopwatch.GetElapsedTime(before, frame.ReceivedTimestamp).TotalMilliseconds;

        var timeline = frame.Timeline;
        Assert.NotNull(timeline);
        var offsets = Offsets(timeline);
        var context = string.Join(", ", offsets.Select(o => $"{o.Stage} {o.At}")) + $"; measured {measured:0.00} ms";
        for (var i = 1; i < offsets.Length; i++)
        {
            Assert.True(offsets[i].At >= offsets[i - 1].At, $"{offsets[i].Stage} comes before {offsets[i - 1].Stage}: {context}");
        }

        Assert.True(timeline.Committed > 0, $"the commit took no time: {context}");
        Assert.NotEqual(MediaSentStamp.Placeholder, timeline.Sent); // the sender wrote the moment it sent the frame
        Assert.Equal(frame.Info.Spp, timeline.Samples);

        // The stages add up to the server's span, which lies inside the client's own interval; what is
        // left of that interval is the network both ways (the clocks are never compared).
        var stages = offsets.Zip(offsets.Skip(1), (a, b) => b.At - a.At).ToArray();
        Assert.Equal(timeline.Sent, stages.Sum(), precision: 6);
        Assert.NotNull(frame.EditToPhoton);
        var editToPhoton = frame.EditToPhoton.Value.TotalMilliseconds;
        Assert.True(editToPhoton <= measured, $"the SDK's edit-to-photon {editToPhoton:0.00} ms exceeds the interval around it: {context}");
        Assert.True(stages.Sum() <= editToPhoton, $"the server's stages sum to {stages.Sum():0.00} ms, more than the client's {editToPhoton:0.00} ms: {context}");
        Assert.Equal(editToPhoton, stages.Sum() + frame.Transit!.Value.TotalMilliseconds, tolerance: 0.001); // TimeSpan keeps 100 ns ticks
    }

    [Fact]
    public async Task RefinementFrames_KeepTheEditsOriginAndFirstPass_AndRenderLongerWithMoreSamples()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 96, Height: 64, Format: "h264", MaxFps: 20, SamplesPerPass: 2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await frames.Reader.ReadAsync(timeout.Token);

        var edit = await DemoScene.Camera.MoveAsync(session, 1f, timeout.Token);
        var first = await frames.Reader.FirstOfAsync(edit.Transaction, timeout.Token);
        VideoFrame later;
        do
        {
            later = await frames.Reader.ReadAsync(timeout.Token);
        }
        while (later.Info.Spp <= first.Info.Spp);

        var (a, b) = (first.Timeline!, later.Timeline!);
        Assert.Equal(edit.Transaction, later.Info.Transaction);
        Assert.Equal((a.Committed, a.Loaded, a.RenderStart), (b.Committed, b.Loaded, b.RenderStart)); // one edit, one view, one first pass
        Assert.True(b.RenderEnd > a.RenderEnd && b.Samples > a.Samples, $"first {a}, later {b}");
        Assert.True(b.EncodeStart >= b.RenderEnd && b.Sent >= b.EncodeEnd, $"later {b}");
        Assert.True(later.EditToPhoton > first.EditToPhoton);
    }

    [Fact]
    public async Task ManualMediaAck_FramesHeldUntilTheApplicationAcknowledges_ThenTheStreamGoesOn()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token, new BridgeClientOptions { ManualMediaAck = true });
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        await DemoScene.CommitAsync(session);
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 96, Height: 64, Format: "h264", MaxFps: 30, MaxPendingFrames: 2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await frames.Reader.ReadAsync(timeout.Token);
        var second = await frames.Reader.ReadAsync(timeout.Token);

        // Both handlers returned long ago; neither frame is acknowledged, so the window is full.
        Assert.True(Server.Services.GetRequiredService<VideoContexts>().TryGet(session.SessionId, video.Id, out var context));
        Assert.Equal(2, context.FramesPending);
        Assert.False(frames.Reader.TryRead(out _), "a third frame came through a full window");

        first.Acknowledge(); // drawn
        first.Acknowledge(); // only the first call counts
        var third = await frames.Reader.ReadAsync(timeout.Token);
        Assert.True(third.MediaId > second.MediaId, $"media ids {first.MediaId}, {second.MediaId}, {third.MediaId}");

        // The second and the third. The silo's count is the sink's answer to the third frame's delivery, which it
        // takes in when that call returns: the client can hold the frame first (seen under load: 1 here). No event
        // marks that moment, so the count is read until it shows, within the test's timeout.
        while (context.FramesPending != 2)
        {
            Assert.True(context.FramesPending < 2, $"{context.FramesPending} frames pending after the first was acknowledged");
            await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token);
        }
    }
}
