using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Operations;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// Gateway processes (<c>--role gateway</c>, Orleans clients) in front of silo processes of one cluster on
/// Azurite, behind a TCP balancer: the client survives the death of its gateway and of its session's silo.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GatewayProcessTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoGatewaysBeforeTwoSilos_KillTheGateway_ThenTheSessionsSilo_TheClientResumesEachTime_WithEveryCommit()
    {
        var settings = SharedStorage.Settings(azurite.Azurite).ToDictionary(p => p.Key, p => p.Value!);
        using var data = new TestDirectory();
        var processes = new List<SiloProcess>();
        try
        {
            var silos = new List<SiloProcess>();
            for (var i = 0; i < 2; i++)
            {
                silos.Add(await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(data.Path, $"silo{i}")).FullName, settings, BridgeTestServer.Token));
                processes.Add(silos[^1]);
            }

            var gatewaySettings = new Dictionary<string, string>(settings) { ["Bridge:Role"] = "gateway" };
            var gateways = new List<SiloProcess>();
            for (var i = 0; i < 2; i++)
            {
                gateways.Add(await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(data.Path, $"gateway{i}")).FullName, gatewaySettings, BridgeTestServer.Token));
                processes.Add(gateways[^1]);
            }

            using (var http = new HttpClient())
            {
                foreach (var gateway in gateways)
                {
                    Assert.Equal("Ready", await http.GetStringAsync(new Uri($"http://127.0.0.1:{gateway.Port}/readyz"))); // a silo answers the route
                }
            }

            await using var balancer = new TcpBalancer(gateways.Select(g => g.Port));
            await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{balancer.Port}/bridge"), BridgeTestServer.Token);
            Assert.Equal(1, (await CommitAsync(session, 1)).Version);

            // The gateway dies: the client resumes through the other one, to the same silo.
            var resumed = Resumed(session, 1);
            await gateways.Single(g => g.Port == balancer.LastTarget).KillAsync();
            await resumed.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, (await CommitAsync(session, 2)).Version);

            // The session's silo dies: the client resumes through a gateway; the session activates on the other silo from storage.
            var serving = await ServingAsync(silos);
            resumed = Resumed(session, 2);
            await serving.KillAsync();
            await resumed.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(3, (await CommitAsync(session, 3)).Version);

            var elements = await session.GetSceneElementsAsync();
            Assert.Equal(["n1", "n2", "n3"], elements.Keys.Order(StringComparer.Ordinal));
            Assert.Same(silos.Single(s => s != serving), await ServingAsync(silos));
        }
        catch
        {
            foreach (var process in processes)
            {
                output.WriteLine($"--- :{process.Port} ---\n{process.Output}");
            }

            throw;
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static Task Resumed(BridgeSession session, int resumes)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += change =>
        {
            if (change.State == ClientState.Connected && session.Resumes >= resumes)
            {
                connected.TrySetResult();
            }
        };
        return connected.Task;
    }

    /// <summary>The silo whose /metrics count a connected session.</summary>
    private static async Task<SiloProcess> ServingAsync(IEnumerable<SiloProcess> silos)
    {
        using var http = new HttpClient();
        foreach (var silo in silos.Where(s => !s.HasExited))
        {
            var scrape = PrometheusScrape.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{silo.Port}/metrics")));
            if (scrape.Value("bridge_sessions{state=\"connected\"}") > 0)
            {
                return silo;
            }
        }

        throw new InvalidOperationException("No silo serves the session.");
    }

    private static async Task<OrleansBridge.Scene.Messages.CommitResult> CommitAsync(BridgeSession session, int k)
    {
        using var tx = session.BeginTransaction();
        tx.Put($"n{k}", new MaterialElement(RoughnessFactor: k / 100f));
        return await tx.CommitAsync();
    }
}
