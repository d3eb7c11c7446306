using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Storage;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Cache;

/// <summary>A ledger write refused again and again: retried within its bound, then failed cleanly.</summary>
public sealed class LedgerContentionTests
{
    [Fact]
    public async Task ConflictsFewerThanTheAttempts_AreRetried_AndTheChangeIsKeptOnce()
    {
        using var data = new TestDirectory();
        var storage = new RivalWritingStorage(new FolderGrainStorage(data.Path));
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));
        var ledger = LedgerInterleaving.LedgerOf(server);
        var snapshot = PinOwner.Snapshot("bridge", "s", "default");
        await ledger.PinAsync(snapshot, [Hash("one")]);

        storage.RivalWrites = CacheLedgerGrain.MaxWriteAttempts - 1;
        await ledger.PinAsync(snapshot, [Hash("two")]);

        Assert.Equal(-1, storage.RivalWrites); // every rival write went first, and the last attempt got through
        Assert.Equal(new[] { Hash("one"), Hash("two") }.Order(), (await ledger.GetStatusAsync()).Pinned.Order());
    }

    [Fact]
    public async Task ConflictsOnEveryAttempt_FailWithCacheLedgerContended_AndNothingOfTheChangeIsKept()
    {
        using var data = new TestDirectory();
        var storage = new RivalWritingStorage(new FolderGrainStorage(data.Path));
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));
        var ledger = LedgerInterleaving.LedgerOf(server);
        var snapshot = PinOwner.Snapshot("bridge", "s", "default");
        await ledger.PinAsync(snapshot, [Hash("one")]);

        storage.RivalWrites = CacheLedgerGrain.MaxWriteAttempts;
        await Assert.ThrowsAsync<CacheLedgerContendedException>(() => ledger.PinAsync(snapshot, [Hash("two")]));

        Assert.Equal(0, storage.RivalWrites); // exactly the bounded number of attempts
        Assert.Equal([Hash("one")], (await ledger.GetStatusAsync()).Pinned);
    }

    [Fact]
    public async Task AnUploadWhoseChargeCannotBeWritten_IsAnswered4910_NotInternalError()
    {
        using var data = new TestDirectory();
        var storage = new RivalWritingStorage(new FolderGrainStorage(data.Path));
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await LedgerInterleaving.LedgerOf(server).PinAsync(PinOwner.Snapshot("bridge", "s", "default"), [Hash("one")]); // the ledger is active

        storage.RivalWrites = CacheLedgerGrain.MaxWriteAttempts;
        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.UploadAsync(new MemoryStream(TestContent.Random(20_000, seed: 40))));

        Assert.Equal(ErrorCode.CacheLedgerContended, refused.Code);
        Assert.Contains("another silo wrote it first", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await LedgerInterleaving.LedgerOf(server).GetStatusAsync()).TenantBytes); // the charge was not kept
    }

    private static ContentHash Hash(string text) => ContentHash.Compute(System.Text.Encoding.UTF8.GetBytes(text));
}
