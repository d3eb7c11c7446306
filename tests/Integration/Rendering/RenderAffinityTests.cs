using System.Diagnostics;
using OrleansBridge.Client;
using OrleansBridge.Rendering;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.ScaleOut;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// Render silos in one Orleans cluster (Azurite membership, grain state and cache): two
/// <c>--role render</c> silos and one session silo. <c>render.still</c> through the session silo runs
/// on a render silo (its /metrics count the samples, the others' do not), the session's next still
/// lands on the same one (its scene stays prepared there), moves to the other when that one stops, and
/// renders beside the session when no render silo is left. Cancelling stops the render on the render silo.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RenderAffinityTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    private static Task<BridgeTestServer> StartRenderSiloAsync(Dictionary<string, string?> cluster, string workers = "2") =>
        RenderSilos.StartInProcessAsync(cluster, workers);

    private static Task<double> StillSamplesAsync(BridgeTestServer server) => RenderSilos.SamplesAsync(server.Port);

    private static Task<double> StillSamplesAsync(int httpPort) => RenderSilos.SamplesAsync(httpPort);

    private static Task KnowsRenderSilosAsync(BridgeTestServer silo, params BridgeTestServer[] renderSilos) => RenderSilos.KnownAsync(silo, renderSilos.Length);

    [Fact]
    public async Task ARenderSiloKilled_TheSessionsNextStillRendersOnTheOther()
    {
        var cluster = SharedStorage.Settings(azurite.Azurite);
        using var data = new TestDirectory();
        await using var renderA = await RenderSilos.StartProcessAsync(data, "a", cluster);
        await using var renderB = await RenderSilos.StartProcessAsync(data, "b", cluster);
        try
        {
            await using var sessionSilo = await BridgeTestServer.StartAsync(cluster);
            await RenderSilos.KnownAsync(sessionSilo, 2);
            await using var session = await BridgeClient.ConnectAsync(sessionSilo.Url, BridgeTestServer.Token);
            await RenderTestScene.CommitAsync(session);
            var input = new RenderStillInput(Width: 32, Height: 24, Spp: 2, Format: "png");

            var first = await session.RenderStillAsync(input);
            var picked = await StillSamplesAsync(renderA.Port) > 0 ? renderA : renderB;
            var other = ReferenceEquals(picked, renderA) ? renderB : renderA;
            Assert.Equal(32 * 24 * first.Spp, await StillSamplesAsync(picked.Port));

            await picked.KillAsync(); // SIGKILL: no goodbye to the cluster
            await RenderSilos.DeclaredDeadAsync(sessionSilo); // membership's verdict (seconds, with the shipped probe settings)
            RenderStillResult moved;
            try
            {
                moved = await session.RenderStillAsync(input).WaitAsync(TimeSpan.FromSeconds(90));
            }
            catch (BridgeRequestException ex) when (ex.Code == ErrorCode.RequestInterrupted)
            {
                // The dead silo may have held the session's own directory registration: Orleans then
                // deactivated the session here, which handed its client off to resume, and a request in
                // flight at that moment is answered 4900 (docs/protocol.md §5.5). The client asks again.
                moved = await session.RenderStillAsync(input).WaitAsync(TimeSpan.FromSeconds(90));
            }

            Assert.Equal(32 * 24 * moved.Spp, await StillSamplesAsync(other.Port));
            Assert.Equal(0, await StillSamplesAsync(sessionSilo));
            using var image = new MemoryStream();
            await session.DownloadAsync(moved.Image, image);
            Assert.Equal(moved.Bytes, image.Length);
        }
        catch
        {
            output.WriteLine($"--- render a :{renderA.Port} ---\n{renderA.Output}\n--- render b :{renderB.Port} ---\n{renderB.Output}");
            throw;
        }
    }

    [Fact]
    public async Task RenderStill_ThroughASessionSilo_RunsOnARenderSilo_StaysThere_AndMovesWhenItStops()
    {
        var cluster = SharedStorage.Settings(azurite.Azurite);
        var renderA = await StartRenderSiloAsync(cluster);
        var renderB = await StartRenderSiloAsync(cluster);
        var running = new List<BridgeTestServer> { renderA, renderB };
        try
        {
            await using var sessionSilo = await BridgeTestServer.StartAsync(cluster);
            await SharedStorage.ConvergedAsync(renderA, renderB, sessionSilo);
            await KnowsRenderSilosAsync(sessionSilo, renderA, renderB);
            Assert.Equal("cpu", RenderSilos.DeviceOf(sessionSilo, renderA)); // each says what it renders on (no GPU here)
            Assert.Null(RenderSilos.DeviceOf(sessionSilo, sessionSilo)); // a session silo is no render silo
            await using var session = await BridgeClient.ConnectAsync(sessionSilo.Url, BridgeTestServer.Token);
            await RenderTestScene.CommitAsync(session);
            var input = new RenderStillInput(Width: 32, Height: 24, Spp: 2, Format: "png");

            var first = await session.RenderStillAsync(input);
            var pixels = 32 * 24 * first.Spp;
            var picked = await StillSamplesAsync(renderA) > 0 ? renderA : renderB;
            var other = ReferenceEquals(picked, renderA) ? renderB : renderA;
            Assert.Equal(pixels, await StillSamplesAsync(picked));
            Assert.Equal(0, await StillSamplesAsync(other));
            Assert.Equal(0, await StillSamplesAsync(sessionSilo));
            using (var image = new MemoryStream())
            {
                await session.DownloadAsync(first.Image, image); // stored by the render silo in the shared cache
                Assert.Equal(first.Bytes, image.Length);
            }

            var second = await session.RenderStillAsync(input);
            Assert.Equal(2 * pixels, await StillSamplesAsync(picked));
            Assert.Equal(0, await StillSamplesAsync(other));
            Assert.Equal(0, second.SceneSeconds); // the scene was still prepared on that silo

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
    public async Task RenderStill_CancelledWhileOnARenderSilo_StopsTheRenderThere()
    {
        var cluster = SharedStorage.Settings(azurite.Azurite);
        await using var render = await StartRenderSiloAsync(cluster, workers: "1"); // one render at a time: one left running would block the next
        await using var sessionSilo = await BridgeTestServer.StartAsync(cluster);
        await SharedStorage.ConvergedAsync(render, sessionSilo);
        await KnowsRenderSilosAsync(sessionSilo, render);
        await using var session = await BridgeClient.ConnectAsync(sessionSilo.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        // The first pass's progress crosses back from the render silo (an Orleans observer).
        var firstPass = new TaskCompletionSource<JobProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var stillRender = session.RenderStillAsync(new RenderStillInput(Width: 160, Height: 120, Seconds: 300, Format: "png"),
            new InlineProgress(p => firstPass.TrySetResult(p)), cancel.Token);
        var reported = await firstPass.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("spp", reported.Message, StringComparison.Ordinal);
        Assert.True(await StillSamplesAsync(render) > 0);
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stillRender.WaitAsync(TimeSpan.FromSeconds(60)));

        // The render silo's only slot is free again, so the 300-second render there was stopped.
        var next = await session.RenderStillAsync(new RenderStillInput(Width: 16, Height: 16, Spp: 1)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, next.Spp);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"cancel took {stopwatch.Elapsed}");
        Assert.Equal(0, await StillSamplesAsync(sessionSilo));
    }

    private sealed class InlineProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
