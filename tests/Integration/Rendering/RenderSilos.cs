using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansBridge.Rendering.Placement;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Operations;

namespace OrleansBridge.Tests.Rendering;

/// <summary>What tests of render silos wait for and read: membership's view of the render role, and each silo's render samples.</summary>
internal static class RenderSilos
{
    /// <summary>Samples of stills rendered by a silo, from its /metrics.</summary>
    public const string StillSamples = "bridge_render_samples_total{source=\"still\"}";

    /// <summary>Samples of video frames rendered by a silo, from its /metrics.</summary>
    public const string VideoSamples = "bridge_render_samples_total{source=\"video\"}";

    /// <summary>A render silo in this process (<c>Bridge:Role</c> render) with <paramref name="workers"/> still renders at once.</summary>
    public static Task<BridgeTestServer> StartInProcessAsync(Dictionary<string, string?> cluster, string workers = "2") =>
        BridgeTestServer.StartAsync(new Dictionary<string, string?>(cluster)
        {
            ["Bridge:Role"] = "render",
            ["Bridge:Rendering:Workers"] = workers,
        });

    /// <summary>A render silo in a process of its own (so that a test can SIGKILL it), its data under <paramref name="data"/>/<paramref name="name"/>.</summary>
    public static Task<SiloProcess> StartProcessAsync(TestDirectory data, string name, Dictionary<string, string?> cluster)
    {
        var settings = new Dictionary<string, string>(cluster.ToDictionary(p => p.Key, p => p.Value!)) { ["Bridge:Role"] = "render" };
        return SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(data.Path, name)).FullName, settings, BridgeTestServer.Token);
    }

    /// <summary>The value of <paramref name="series"/> on the /metrics of the silo serving HTTP on <paramref name="httpPort"/>.</summary>
    public static async Task<double> SamplesAsync(int httpPort, string series = StillSamples)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics")).Value(series);
    }

    /// <summary>Waits until <paramref name="silo"/> sees <paramref name="count"/> active silos whose metadata says render.</summary>
    public static async Task KnownAsync(BridgeTestServer silo, int count)
    {
        var metadata = silo.Services.GetRequiredService<ISiloMetadataCache>();
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active
            && metadata.GetSiloMetadata(m.SiloAddress).Metadata.GetValueOrDefault(SiloRoles.MetadataKey) == SiloRoles.Render) < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token); // the cache has no change notification
        }
    }

    /// <summary>The render device <paramref name="render"/> advertises, as <paramref name="observer"/>'s metadata cache has it.</summary>
    public static string? DeviceOf(BridgeTestServer observer, BridgeTestServer render) =>
        observer.Services.GetRequiredService<ISiloMetadataCache>()
            .GetSiloMetadata(render.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress).Metadata.GetValueOrDefault(SiloRoles.DeviceKey);

    /// <summary>Waits until <paramref name="silo"/>'s membership has declared a silo dead.</summary>
    public static async Task DeclaredDeadAsync(BridgeTestServer silo)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
        {
            if (snapshot.Members.Values.Any(m => m.Status == SiloStatus.Dead))
            {
                return;
            }
        }
    }
}
