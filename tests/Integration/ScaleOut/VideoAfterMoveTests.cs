using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// A video stream outlives a move of its session in a cluster without render silos: the context ran
/// on the server that drained; its video grain stored it when it stopped there, the session's new
/// server attaches and the grain, activated there, starts it again. Frames go on reaching the same
/// <see cref="BridgeVideoContext"/>, under the same id, and the SDK had nothing to open again.
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

        await a.DisposeAsync(); // drain: the session is handed off (4306); A's video grain stores its context and stops
        await resumed.Task.WaitAsync(timeout.Token);
        while (frames.Reader.TryRead(out _))
        {
            // Frames A sent before it stopped.
        }

        var after = await frames.Reader.ReadAsync(timeout.Token);

        Assert.Equal(0, video.Reopens); // the context was started again by its grain on B, not by the SDK
        Assert.Equal(video.Id, after.Info.Context);
        Assert.Equal(1, b.Services.GetRequiredService<VideoContexts>().Count(session.SessionId));
        Assert.Empty(errors);
        Assert.True(after.Data.Length > 0);
    }
}
