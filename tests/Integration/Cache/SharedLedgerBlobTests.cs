using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.ScaleOut;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// Two silos sharing blob grain storage and an azure: cache on a real Azurite, each with its own
/// ledger activation: concurrent charges and pins are all kept, none twice (412 → reload and retry).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedLedgerBlobTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TwoSilosOnOneBlobStorage_InterleavedChargesAndPins_BothSeeTheSum()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        await using var a = await BridgeTestServer.StartAsync(settings);
        await using var b = await BridgeTestServer.StartAsync(settings);

        await LedgerInterleaving.RunAndAssertAsync(a, b);
    }
}
