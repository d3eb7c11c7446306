using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

/// <summary>Video contexts over the real scene adapter: scenes committed through the SDK, camera edits as transactions.</summary>
public sealed class AdaptedSceneStreamTests : IAsyncLifetime
{
    private BridgeTestServer? _server;

    private BridgeTestServer Server => _server!;

    public async Task InitializeAsync() => _server = await BridgeTestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task CameraEdit_APreviewFrameOfOneSampleComesFirstAndNamesTheTransaction()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 96, Height: 64, Format: "h264", MaxFps: 20, SamplesPerPass: 2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await frames.Reader.ReadAsync(timeout.Token);

        var edit = await DemoScene.Camera.MoveAsync(session, 1f, timeout.Token);
        var frame = await frames.Reader.FirstOfAsync(edit.Transaction, timeout.Token);
        Assert.True(frame.Info.Preview, "the first frame after a camera edit is the preview");
        Assert.Equal(1, frame.Info.Spp);
        Assert.Equal(edit.Version, frame.Info.Version);

        // Accumulation goes on from there for the same transaction.
        do
        {
            frame = await frames.Reader.ReadAsync(timeout.Token);
        }
        while (frame.Info.Spp <= 1);
        Assert.Equal(edit.Transaction, frame.Info.Transaction);
        Assert.False(frame.Info.Preview);
    }

    [Fact]
    public async Task CameraEditDuringALongPass_AnsweredBeforeThatPassEnds_WithoutRebuildingTheScene()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);

        // After the 1-spp preview, each refinement pass is 64 samples of 640x360 (15 million camera
        // paths, tens of seconds on this machine): the camera edit lands in the first of them.
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 640, Height: 360, Format: "h264", MaxFps: 10, SamplesPerPass: 64));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await frames.Reader.ReadAsync(timeout.Token);
        Assert.Equal(1, first.Info.Spp);

        var edit = await DemoScene.Camera.MoveAsync(session, 1f, timeout.Token);
        VideoFrame frame;
        do
        {
            frame = await frames.Reader.ReadAsync(timeout.Token);
            Assert.True(frame.Info.Spp == 1, $"frame {frame.Info.Frame} has {frame.Info.Spp} spp: the pass of the old view finished instead of being abandoned");
        }
        while (frame.Info.Transaction != edit.Transaction);
        Assert.True(frame.Info.Preview, "the edit is answered by its preview");
        Assert.Equal(edit.Version, frame.Info.Version);

        Assert.True(Server.Services.GetRequiredService<VideoContexts>().TryGet(session.SessionId, video.Id, out var context));
        Assert.Equal(1, context.CameraFastPaths);
        Assert.False(Server.Services.GetRequiredService<RenderSceneCache>().Contains(edit.Manifest), "a camera-only commit builds no scene");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the coarse image denoised before it is upscaled
    public async Task CameraEdit_CoarseFrameFirstThenFullResolutionFramesOfTheSameView(bool denoise)
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);

        // 720p at up to 120 fps: the frame budget (8 ms) is far below a full-resolution sample of the
        // frame on any machine, so once a pass has been measured the first frame after an edit is coarse.
        await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 1280, Height: 720, Format: "h264", MaxFps: 120, Denoise: denoise));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var first = await frames.Reader.ReadAsync(timeout.Token);
        Assert.Equal(1, first.Info.PixelSize); // nothing measured yet: the stream's first frame is full size

        var edit = await DemoScene.Camera.MoveAsync(session, 1f, timeout.Token);
        var frame = await frames.Reader.FirstOfAsync(edit.Transaction, timeout.Token);
        Assert.True(frame.Info.PixelSize > 1, $"the first frame of the new view has pixel size {frame.Info.PixelSize}");
        Assert.True(frame.Info.Preview);
        Assert.Equal((1280, 720, 1), (frame.Info.Width, frame.Info.Height, frame.Info.Spp)); // upscaled to the stream's size

        // H.264 repeats the coarse picture at each tick until the full-resolution pass is published.
        var coarse = frame;
        VideoFrame full;
        while ((full = await frames.Reader.ReadAsync(timeout.Token)).Info.PixelSize != 1)
        {
            Assert.Equal((edit.Transaction, coarse.Info.PixelSize), (full.Info.Transaction, full.Info.PixelSize));
        }

        Assert.Equal((edit.Transaction, edit.Version, false), (full.Info.Transaction, full.Info.Version, full.Info.Preview));
        VideoFrame refined;
        while ((refined = await frames.Reader.ReadAsync(timeout.Token)).Info.Spp == full.Info.Spp)
        {
            Assert.Equal((edit.Transaction, 1), (refined.Info.Transaction, refined.Info.PixelSize));
        }

        Assert.Equal((edit.Transaction, 1), (refined.Info.Transaction, refined.Info.PixelSize));
        Assert.True(refined.Info.Spp > full.Info.Spp, $"refinement goes on at full size: {full.Info.Spp} then {refined.Info.Spp} spp");
    }

    [Fact]
    public async Task ContextBeforeAnyCommit_ReportsSceneUnavailableThenStreamsTheFirstCommit()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        var errors = Channel.CreateUnbounded<VideoErrorEvent>();
        var frames = Channel.CreateUnbounded<VideoFrame>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        // The scene-unavailable event may overtake the video.create answer: subscribe before the context is known.
        await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "jpg", MaxFps: 10),
            video => video.Error += e => errors.Writer.TryWrite(e));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await errors.Reader.ReadAsync(timeout.Token);
        Assert.Equal((int)ErrorCode.VideoSceneUnavailable, error.Code);
        Assert.False(error.Fatal);

        var commit = await DemoScene.CommitAsync(session, timeout.Token);
        var frame = await frames.Reader.ReadAsync(timeout.Token);
        Assert.Equal(commit.Transaction, frame.Info.Transaction);
    }

    [Fact]
    public async Task BatchMode_OneFinalLosslessFrameOfTheConvergedImage()
    {
        await using var session = await BridgeClient.ConnectAsync(Server.Url, BridgeTestServer.Token);
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        var progress = Channel.CreateUnbounded<VideoProgressEvent>();
        session.VideoFrameReceived += f => frames.Writer.TryWrite(f);
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 32, Height: 24, Mode: "batch", Spp: 4),
            v => v.Progress += p => progress.Writer.TryWrite(p));
        Assert.Equal("lossless", video.Settings.Format);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var frame = await frames.Reader.ReadAsync(timeout.Token);
        Assert.True(frame.Info.Final);
        Assert.Equal(4, frame.Info.Spp);
        Assert.Equal(32 * 24 * 3 * sizeof(float), frame.Data.Length);
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(frame.Data);
        Assert.All(pixels.ToArray(), v => Assert.True(float.IsFinite(v) && v >= 0, $"radiance {v}"));
        Assert.Contains(pixels.ToArray(), v => v > 0);
        var done = await progress.Reader.ReadAsync(timeout.Token);
        Assert.True(done.Complete);
        Assert.False(frames.Reader.TryRead(out _), "batch mode sends one frame per scene");
    }
}
