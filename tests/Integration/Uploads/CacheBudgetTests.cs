using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>A <c>path:</c> cache with a size budget evicts its least recently used unpinned entries; time is a manual clock.</summary>
public sealed class CacheBudgetTests
{
    private const int EntryBytes = 100_000;

    [Fact]
    public async Task Upload_PastTheBudget_EvictsLeastRecentlyUsedUnpinnedEntries()
    {
        // Ahead of the wall clock, so the uses the server marks always come after the files' write times.
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        await using var server = await BridgeTestServer.StartAsync(
            new Dictionary<string, string?> { ["Bridge:Applications:bridge:CacheBudgetBytes"] = (10 * EntryBytes).ToString() },
            s => s.AddSingleton<TimeProvider>(time));
        var entries = Enumerable.Range(0, 11).Select(i => TestContent.Random(EntryBytes, seed: 100 + i)).ToList();
        var hashes = entries.Select(e => ContentHash.Compute(e)).ToList();
        foreach (var entry in entries.Take(10))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await CacheGcTests.UploadAndCloseAsync(server, entry); // exactly the budget: nothing evicted
        }

        Assert.Equal(10, CacheFolder.Of(server).Entries().Count);
        time.Advance(TimeSpan.FromSeconds(1));
        await using (var reader = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token))
        {
            // Uses entries 0 and 1 again (a query marks what it finds), then goes away: they are recent, not pinned.
            await reader.RequestAsync(CacheMethods.Query, JsonSerializer.SerializeToElement(new { hashes = new[] { hashes[0].ToString(), hashes[1].ToString() } }));
        }

        await using var pinning = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await pinning.RequestAsync(CacheMethods.Query, JsonSerializer.SerializeToElement(new { hashes = new[] { hashes[2].ToString() } })); // oldest use, but pinned
        time.Advance(TimeSpan.FromSeconds(1));
        await using var writer = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        await writer.UploadAsync(new MemoryStream(entries[10]));

        // 1.1 MB > 1 MB: down to 90% evicts the two least recently used unpinned: entries 3 and 4.
        var left = CacheFolder.Of(server).Entries().ToHashSet();
        Assert.Equal(9, left.Count);
        Assert.DoesNotContain(hashes[3], left);
        Assert.DoesNotContain(hashes[4], left);
        Assert.All(new[] { 0, 1, 2, 5, 10 }, i => Assert.Contains(hashes[i], left));
        var stats = await new CacheAdminClient(server).StatsAsync();
        Assert.Equal(10 * EntryBytes, stats.BudgetBytes);
        Assert.Equal(9 * EntryBytes, stats.Bytes);
    }
}
