using System.Threading.Channels;
using OrleansBridge.Client;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// A video stream outlives a move of its session: the context lived on the server that drained, the SDK
/// resumes on the other and opens the context there again, and frames go on reaching the same
/// <see cref="BridgeVideoContext"/> with no action of the application.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VideoAfterMoveTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Drain_OfTheServerStreaming_FramesContinueOnTheSameContextAfterTheResume()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        var a = await BridgeTestServer.StartAsync(settings);
        await using var b = await BridgeTestServer.StartAsync(settings);
        await SharedStorage.ConvergedAsync(a, b);
        await using var session = BridgeClient.Create(a.Url, BridgeTestServer.Token, new BridgeClientOptions { AlternateUrls = [b.Url] });
        await session.ConnectAsync();
        await DemoScene.CommitAsync(session);
        var frames = Channel.CreateUnbounded<VideoFrame>();
        var errors = new List<VideoErrorEvent>();
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 48, Height: 32, Format: "jpg", MaxFps: 10),
            context =>
            {
                context.FrameReceived += f => frames.Writer.TryWrite(f);
                context.Error += e => errors.Add(e);
            });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await frames.Reader.ReadAsync(timeout.Token); // streaming on A
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += change =>
        {
            if (change.State == ClientState.Connected && session.Resumes == 1)
            {
                resumed.TrySetResult();
            }
        };

        await a.DisposeAsync(); // drain: the session is handed off (4306) and A's video contexts stop
        await resumed.Task.WaitAsync(timeout.Token);
        while (frames.Reader.TryRead(out _))
        {
            // Frames A sent before it stopped.
        }

        var after = await frames.Reader.ReadAsync(timeout.Token);

        Assert.Equal(1, video.Reopens);
        Assert.Equal(video.Id, after.Info.Context); // routed to the same context object under its id on B
        Assert.Empty(errors);
        Assert.True(after.Data.Length > 0);
    }
}
