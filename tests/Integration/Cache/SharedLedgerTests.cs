using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansBridge.Storage;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Two servers in one process, each with its own ledger activation of one cache, over one grain
/// storage: concurrent charges and pins are all kept (reload and retry on ETag conflicts), none twice.
/// </summary>
public sealed class SharedLedgerTests
{
    [Fact]
    public async Task TwoSilosOnOneFolderStorage_InterleavedChargesAndPins_BothSeeTheSum()
    {
        using var shared = new TestDirectory();
        var storage = new FolderGrainStorage(Path.Combine(shared.Path, "grains"));
        var settings = new Dictionary<string, string?> { ["Bridge:Applications:bridge:Cache"] = "path:" + Path.Combine(shared.Path, "cache") };
        await using var a = await BridgeTestServer.StartAsync(settings, s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));
        await using var b = await BridgeTestServer.StartAsync(settings, s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));

        await LedgerInterleaving.RunAndAssertAsync(a, b);

        // A third silo starting on the storage reads the same sum from the record alone.
        await using var c = await BridgeTestServer.StartAsync(settings, s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));
        var status = await LedgerInterleaving.LedgerOf(c).GetStatusAsync();
        Assert.Equal((await LedgerInterleaving.LedgerOf(a).GetStatusAsync()).TenantBytes["default"], status.TenantBytes["default"]);
    }
}
