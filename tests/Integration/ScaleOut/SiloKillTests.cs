using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// Three silo processes behind a TCP load balancer, sharing Azurite; the silo serving a client is
/// SIGKILLed mid-session, repeatedly. The SDK resumes through the balancer on another silo.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiloKillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Commits = 12;
    private static readonly int[] KillAfter = [3, 7];

    [Fact]
    public async Task KillServingSilo_Twice_ClientResumesElsewhere_NoAcknowledgedCommitLost_NoneAppliedTwice()
    {
        var settings = SharedStorage.Settings(azurite.Azurite).ToDictionary(p => p.Key, p => p.Value!);
        using var data = new TestDirectory();
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(data.Path, $"silo{i}")).FullName;
                silos.Add(await SiloProcess.StartAsync(folder, settings, BridgeTestServer.Token));
            }

            await using var balancer = new TcpBalancer(silos.Select(s => s.Port));
            await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{balancer.Port}/bridge"), BridgeTestServer.Token);
            var acknowledged = new List<int>();
            var uncertain = new List<int>();
            var kills = 0;
            for (var k = 1; k <= Commits; k++)
            {
                var serving = silos.Single(s => s.Port == balancer.LastTarget);
                var commit = CommitAsync(session, k);
                if (KillAfter.Contains(k - 1))
                {
                    await serving.KillAsync(); // while commit k is on its way
                    kills++;
                }

                try
                {
                    var result = await commit.WaitAsync(TimeSpan.FromSeconds(60));
                    acknowledged.Add(k);
                    output.WriteLine($"commit {k}: version {result.Version} on :{balancer.LastTarget}");
                }
                catch (Exception ex) when (ex is BridgeRequestException or SceneCommitException)
                {
                    uncertain.Add(k); // interrupted or aborted by the move: it may or may not have taken effect
                    output.WriteLine($"commit {k}: {ex.Message}");
                }
            }

            var head = await session.GetSceneHeadAsync();
            var elements = await session.GetSceneElementsAsync();
            var present = elements.Keys.Select(n => int.Parse(n[1..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

            Assert.Equal(2, kills);
            Assert.True(session.Resumes >= 2, $"the session should have resumed after each kill ({session.Resumes})");
            Assert.All(acknowledged, k => Assert.Contains(k, present)); // no acknowledged commit lost
            Assert.All(present, k => Assert.True(acknowledged.Contains(k) || uncertain.Contains(k)));
            Assert.Equal(present.Count, head.Version); // each commit adds one element: a commit applied twice would add a version without one
            Assert.True(acknowledged.Count >= Commits - kills, $"at most one commit per kill may be uncertain: {string.Join(',', uncertain)}");
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine($"--- silo :{silo.Port} ---\n{silo.Output}");
            }

            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Terminate_ServingSilo_HandsTheSessionOff_ClientResumesOnAnotherWithItsHeadAndExitCodeIsZero()
    {
        var settings = SharedStorage.Settings(azurite.Azurite).ToDictionary(p => p.Key, p => p.Value!);
        using var data = new TestDirectory();
        await using var first = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(data.Path, "a")).FullName, settings, BridgeTestServer.Token);
        await using var second = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(data.Path, "b")).FullName, settings, BridgeTestServer.Token);
        await using var balancer = new TcpBalancer([first.Port, second.Port]);
        await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{balancer.Port}/bridge"), BridgeTestServer.Token);
        var committed = await CommitAsync(session, 1);
        Assert.Equal(first.Port, balancer.LastTarget);
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += change =>
        {
            if (change.State == ClientState.Connected && session.Resumes == 1)
            {
                moved.TrySetResult();
            }
        };

        var exit = await first.TerminateAsync(); // SIGTERM: drain hands the session off (4306) and releases its lease

        await moved.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        Assert.Equal(second.Port, balancer.LastTarget);
        var head = await session.GetSceneHeadAsync();
        Assert.Equal(committed.Manifest, head.Manifest);
        Assert.Equal(2, (await CommitAsync(session, 2)).Version);
        output.WriteLine(first.Output);
        Assert.Contains("\"EventId\":5604", first.Output, StringComparison.Ordinal); // JSON console logs: the hand-off, by id
    }

    private static async Task<OrleansBridge.Scene.Messages.CommitResult> CommitAsync(BridgeSession session, int k)
    {
        using var tx = session.BeginTransaction();
        tx.Put($"n{k}", new MaterialElement(RoughnessFactor: k / 100f));
        return await tx.CommitAsync();
    }
}
