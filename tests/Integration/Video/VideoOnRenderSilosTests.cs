using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Sessions.Ownership;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Common;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Operations;
using OrleansBridge.Tests.Rendering;
using OrleansBridge.Tests.ScaleOut;
using OrleansBridge.Video;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Video;

/// <summary>
/// Video contexts render on render silos (Azurite membership, grain state and cache): the render loop
/// and the encoder run there, frames reach the client through its session's silo, and the stream
/// survives what a cluster does to it — the render silo serving it killed, the session moved by a
/// drain, the client resuming through another gateway — with no action of the client's own: no
/// error, no context opened again by the SDK, a keyframe where a new decoder chain starts, and an
/// H.264 stream in which every frame received decodes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VideoOnRenderSilosTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task H264Stream_TheRenderSiloServingItKilled_FramesResumeFromTheOtherWithAKeyframe_AndEveryFrameDecodes()
    {
        var cluster = SharedStorage.Settings(azurite.Azurite);
        using var data = new TestDirectory();
        await using var renderA = await RenderSilos.StartProcessAsync(data, "a", cluster);
        await using var renderB = await RenderSilos.StartProcessAsync(data, "b", cluster);
        await using var sessionSilo = await BridgeTestServer.StartAsync(cluster);
        try
        {
            await RenderSilos.KnownAsync(sessionSilo, 2);
            await using var session = await BridgeClient.ConnectAsync(sessionSilo.Url, BridgeTestServer.Token);
            await RenderTestScene.CommitAsync(session);
            var (frames, errors, video) = await StreamAsync(session, new VideoSettingsParams(Width: 640, Height: 360, Format: "h264", MaxFps: 10, RenderFps: 10));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var received = new List<VideoFrame>();
            for (var n = 0; n < 3; n++)
            {
                received.Add(await frames.Reader.ReadAsync(timeout.Token));
            }

            Assert.True(received[0].Info.Keyframe, "the stream starts with a keyframe");
            var serving = await RenderSilos.SamplesAsync(renderA.Port, RenderSilos.VideoSamples) > 0 ? renderA : renderB;
            var other = ReferenceEquals(serving, renderA) ? renderB : renderA;
            Assert.True(await RenderSilos.SamplesAsync(serving.Port, RenderSilos.VideoSamples) > 0);
            Assert.Equal(0, await RenderSilos.SamplesAsync(other.Port, RenderSilos.VideoSamples));
            Assert.Equal(0, await RenderSilos.SamplesAsync(sessionSilo.Port, RenderSilos.VideoSamples)); // the session's silo renders nothing

            await serving.KillAsync(); // SIGKILL: no goodbye to the cluster

            // Frames the dead silo queued before it died may still arrive; then the other render silo's
            // context starts with a keyframe, and goes on.
            VideoFrame resumed;
            do
            {
                resumed = await frames.Reader.ReadAsync(timeout.Token);
                received.Add(resumed);
            }
            while (!(resumed.Info.Keyframe && await RenderSilos.SamplesAsync(other.Port, RenderSilos.VideoSamples) > 0));

            for (var n = 0; n < 3; n++)
            {
                received.Add(await frames.Reader.ReadAsync(timeout.Token));
            }

            // Had the dead silo held the session's own directory registration, Orleans deactivated the
            // session and the SDK resumed it (on the same silo); its contexts went on all the same.
            Assert.InRange(session.Resumes, 0, 1);
            Assert.Empty(errors);
            Assert.Equal(0, video.Reopens); // the server opened it again, not the SDK
            Assert.Equal(0, await RenderSilos.SamplesAsync(sessionSilo.Port, RenderSilos.VideoSamples));
            var numbers = received.Select(f => f.Info.Frame).ToList();
            Assert.True(numbers.Zip(numbers.Skip(1)).All(p => p.Second > p.First), $"frame numbers go on: {string.Join(", ", numbers)}");
            if (session.Resumes == 0)
            {
                // The session's silo opened it again on the other render silo. (After a resume the silo
                // attached to it instead: the video grain, activated anew, had it stored.)
                using var http = new HttpClient();
                Assert.Equal(1, PrometheusScrape.Parse(await http.GetStringAsync($"http://127.0.0.1:{sessionSilo.Port}/metrics"))
                    .Required("bridge_video_contexts_reopened_total"));
            }

            using var dir = new TestDirectory();
            var path = Path.Combine(dir.Path, "stream.h264");
            await File.WriteAllBytesAsync(path, [.. received.SelectMany(f => f.Data)]);
            var probe = await MediaProbe.ProbeVideoAsync(path, "h264");
            Assert.Equal(("h264", 640, 360, received.Count), (probe.Codec, probe.Width, probe.Height, probe.Frames)); // every frame received decodes
        }
        catch
        {
            output.WriteLine($"--- render a :{renderA.Port} ---\n{renderA.Output}\n--- render b :{renderB.Port} ---\n{renderB.Output}");
            throw;
        }
    }

    [Fact]
    public async Task H264Stream_SessionDrainedToAnotherSilo_ThenResumedThroughAnotherGateway_KeepsItsContextOnTheRenderSilo()
    {
        var cluster = SharedStorage.Settings(azurite.Azurite);
        await using var render = await RenderSilos.StartInProcessAsync(cluster);
        var silos = new List<BridgeTestServer>();
        try
        {
            for (var n = 0; n < 3; n++)
            {
                silos.Add(await BridgeTestServer.StartAsync(cluster));
            }

            await SharedStorage.ConvergedAsync([render, .. silos]);
            foreach (var silo in silos)
            {
                await RenderSilos.KnownAsync(silo, 1);
            }

            await using var balancer = new TcpBalancer(silos.Select(s => s.Port));
            await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{balancer.Port}/bridge"), BridgeTestServer.Token);
            await RenderTestScene.CommitAsync(session);
            var (frames, errors, video) = await StreamAsync(session, new VideoSettingsParams(Width: 160, Height: 90, Format: "h264", MaxFps: 10, RenderFps: 10));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var received = new List<VideoFrame> { await frames.Reader.ReadAsync(timeout.Token) };

            // A drain: the session is handed off, the SDK resumes through the balancer on another silo.
            var first = Serving(silos, session.SessionId);
            balancer.TakeOut(first.Port);
            await AfterResumeAsync(session, 1, () => first.DisposeAsync().AsTask(), frames, received, timeout.Token);
            silos.Remove(first);
            var second = Serving(silos, session.SessionId);

            // The connection drops and the client resumes through another gateway: the session moves there.
            balancer.TakeOut(second.Port);
            await AfterResumeAsync(session, 2, () => Task.FromResult(second.Connections.DropSession(session.SessionId)), frames, received, timeout.Token);
            var third = Serving(silos, session.SessionId);
            Assert.NotSame(second, third);

            Assert.Empty(errors);
            Assert.Equal(0, video.Reopens); // the context lived on: the SDK's keyframe request found it each time
            Assert.Equal(1, third.Services.GetRequiredService<VideoContexts>().Count(session.SessionId));
            Assert.Equal(0, second.Services.GetRequiredService<VideoContexts>().Count(session.SessionId));
            Assert.True(render.Services.GetRequiredService<VideoEngines>().TryGet(session.SessionId, video.Id, out _), "the context still runs on the render silo");
            foreach (var silo in silos)
            {
                Assert.Equal(0, await RenderSilos.SamplesAsync(silo.Port, RenderSilos.VideoSamples));
            }

            var numbers = received.Select(f => f.Info.Frame).ToList();
            Assert.True(numbers.Zip(numbers.Skip(1)).All(p => p.Second > p.First), $"frame numbers go on: {string.Join(", ", numbers)}");
            using var dir = new TestDirectory();
            var path = Path.Combine(dir.Path, "stream.h264");
            await File.WriteAllBytesAsync(path, [.. received.SelectMany(f => f.Data)]);
            Assert.Equal(received.Count, (await MediaProbe.ProbeVideoAsync(path, "h264")).Frames); // every frame received decodes
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<(Channel<VideoFrame> Frames, ConcurrentQueue<VideoErrorEvent> Errors, BridgeVideoContext Video)> StreamAsync(
        BridgeSession session, VideoSettingsParams settings)
    {
        var frames = Channel.CreateUnbounded<VideoFrame>();
        var errors = new ConcurrentQueue<VideoErrorEvent>();
        var video = await session.CreateVideoContextAsync(settings, context =>
        {
            context.FrameReceived += f => frames.Writer.TryWrite(f);
            context.Error += errors.Enqueue;
        });
        return (frames, errors, video);
    }

    private static BridgeTestServer Serving(IEnumerable<BridgeTestServer> silos, string sessionId) =>
        silos.Single(s => s.Services.GetRequiredService<SessionOwnership>().Serves(sessionId));

    /// <summary>
    /// Does <paramref name="move"/>, waits for the client's <paramref name="resumes"/>th resume, and reads
    /// frames until the first keyframe after it and one more (what arrived before is kept: the stream as received).
    /// </summary>
    private static async Task AfterResumeAsync(BridgeSession session, int resumes, Func<Task> move, Channel<VideoFrame> frames, List<VideoFrame> received,
        CancellationToken cancellationToken)
    {
        var resumed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += change =>
        {
            if (change.State == ClientState.Connected && session.Resumes == resumes)
            {
                resumed.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        await move();
        var resumedAt = await resumed.Task.WaitAsync(cancellationToken);
        VideoFrame frame;
        do
        {
            frame = await frames.Reader.ReadAsync(cancellationToken);
            received.Add(frame);
        }
        while (!frame.Info.Keyframe || frame.ReceivedTimestamp < resumedAt);

        received.Add(await frames.Reader.ReadAsync(cancellationToken));
    }
}
