using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// The settings that make several silos one cluster: the same blob grain storage (and with it Azure
/// Table membership in the same account), the same cluster id, and the same azure: cache.
/// </summary>
public static class SharedStorage
{
    public static Dictionary<string, string?> Settings(AzuriteProcess azurite)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new Dictionary<string, string?>
        {
            ["Bridge:Grains:Storage"] = "azure:" + azurite.BlobLocation("grains" + id),
            ["Bridge:Grains:ClusterId"] = "test-" + id,
            ["Bridge:Grains:AdvertisedAddress"] = "127.0.0.1",
            ["Bridge:Applications:bridge:Cache"] = "azure:" + azurite.BlobLocation("cache" + id),
            ["Bridge:DrainTimeout"] = "00:00:10",
        };
    }

    /// <summary>The same storage as <paramref name="settings"/>, but another cluster: a second activation of every grain.</summary>
    public static Dictionary<string, string?> AnotherCluster(IReadOnlyDictionary<string, string?> settings) =>
        new(settings) { ["Bridge:Grains:ClusterId"] = "other-" + Guid.NewGuid().ToString("N")[..12] };

    /// <summary>Waits until every server's silo sees all of them active: until then a new silo's calls may be placed by a partial view.</summary>
    public static async Task ConvergedAsync(params BridgeTestServer[] servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        foreach (var server in servers)
        {
            var membership = server.Services.GetRequiredService<IClusterMembershipService>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
            {
                if (snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) >= servers.Length)
                {
                    break;
                }
            }
        }
    }
}
