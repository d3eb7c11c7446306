using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Cache;
using OrleansBridge.Storage;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Cache;

/// <summary>The ledger's durable part in shards: a change rewrites one shard, and a ledger written as one record is moved into them.</summary>
public sealed class LedgerShardTests
{
    private const string Tenant = "default";

    [Fact]
    public async Task AStoredEntry_RewritesOneShardOfTheLedger_NotTheWholeLedger()
    {
        using var data = new TestDirectory();
        var storage = new WriteRecordingStorage(new FolderGrainStorage(data.Path));
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage));
        var ledger = LedgerInterleaving.LedgerOf(server);
        var uploads = PinOwner.Session("uploads", Tenant);
        for (var i = 0; i < 1_000; i++)
        {
            await StoreAsync(ledger, uploads, Hash($"entry-{i}"), 100);
        }

        storage.Writes.Clear();
        await StoreAsync(ledger, uploads, Hash("one more"), 100);

        var write = Assert.Single(storage.Writes); // the charge, in the shard of its hash
        Assert.Equal(CacheLedgerGrain.StateName + "/" + Hash("one more").ToString()[..2], write.StateName);
        var whole = Directory.EnumerateFiles(Path.Combine(data.Path, CacheLedgerGrain.StateName)).Sum(f => new FileInfo(f).Length);
        Assert.InRange(write.Length, 1, whole / 64); // 1,001 charges over 256 shards: about 4 in this one
        Assert.Equal(1_001 * 100, (await ledger.GetStatusAsync()).TenantBytes[Tenant]);
    }

    [Fact]
    public async Task ALedgerWrittenAsOneRecord_IsMovedIntoShards_AndReadsTheSameAfterARestart()
    {
        using var data = new TestDirectory();
        using var grains = new TestDirectory();
        var storage = new FolderGrainStorage(grains.Path);
        string cacheId;
        await using (var first = await BridgeTestServer.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage), sharedData: data))
        {
            cacheId = first.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id;
        }

        var snapshot = PinOwner.Snapshot("bridge", "scene", Tenant);
        var entries = Enumerable.Range(0, 50).Select(i => Hash($"entry-{i}")).ToList();
        var change = new LedgerChange().Pin(snapshot, entries[..20]);
        foreach (var hash in entries)
        {
            change.Charge(hash, Tenant, 10);
        }

        var whole = change.ApplyTo(null);
        var ledgerId = GrainId.Create("cacheledger", cacheId);
        await storage.WriteStateAsync(CacheLedgerGrain.StateName, ledgerId, new GrainState<CacheLedgerRecord>(whole));

        for (var restart = 0; restart < 2; restart++)
        {
            await using var server = await BridgeTestServer.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage), sharedData: data);
            var status = await LedgerInterleaving.LedgerOf(server).GetStatusAsync();

            Assert.Equal(500, status.TenantBytes[Tenant]);
            Assert.Equal(entries[..20].Order(), status.Pinned.Order());
            Assert.Equal(1, status.Owners);
            Assert.False(File.Exists(storage.FileOf(CacheLedgerGrain.StateName, ledgerId))); // the one record is gone
        }
    }

    private static async Task StoreAsync(ICacheLedgerGrain ledger, PinOwner uploads, ContentHash hash, long length)
    {
        var reservation = hash.ToString();
        Assert.True((await ledger.ReserveAsync(uploads, reservation, hash, length, 0)).Succeeded);
        await ledger.SettleAsync(reservation, hash, stored: true);
    }

    private static ContentHash Hash(string text) => ContentHash.Compute(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Folder grain storage that records each ledger write's state name and the size of the file it wrote.</summary>
    private sealed class WriteRecordingStorage(FolderGrainStorage inner) : IGrainStorage
    {
        public ConcurrentQueue<(string StateName, long Length)> Writes { get; } = new();

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (stateName.StartsWith(CacheLedgerGrain.StateName, StringComparison.Ordinal))
            {
                Writes.Enqueue((stateName, new FileInfo(inner.FileOf(stateName, grainId)).Length));
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
