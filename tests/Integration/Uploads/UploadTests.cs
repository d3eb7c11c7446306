using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>Uploads through a real session into the real folder cache: what is stored, and what travels.</summary>
public sealed class UploadTests
{
    [Fact]
    public async Task Upload_NewContent_StoredUnderItsSha256AndReported()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(3_500_000, seed: 1); // several chunks, the last one short
        var phases = new SyncProgress(_ => { });

        var result = await session.UploadAsync(new MemoryStream(data), phases);

        Assert.Equal(ContentHash.Compute(data), result.Hash);
        Assert.False(result.AlreadyCached);
        Assert.Equal(data.Length, result.SentBytes);
        var folder = CacheFolder.Of(server);
        Assert.Equal([result.Hash], folder.Entries());
        Assert.Equal(data, folder.Read(result.Hash));
        Assert.Equal(0, folder.TemporaryFiles());
        Assert.Equal([UploadPhase.Hashing, UploadPhase.Querying, UploadPhase.Uploading, UploadPhase.Done], phases.Reports.Select(r => r.Phase).Distinct());
        Assert.Equal(new UploadProgress(UploadPhase.Done, data.Length, data.Length, data.Length), phases.Reports[^1]);
    }

    [Fact]
    public async Task Upload_SameContentAgain_QuerySaysPresentAndNoPayloadBytesTravel()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var relay = new TcpRelay(server.Port);
        var url = new Uri($"ws://127.0.0.1:{relay.Port}/bridge");
        var data = TestContent.Random(2_000_000, seed: 2);
        await using (var first = await BridgeClient.ConnectAsync(url, BridgeTestServer.Token))
        {
            await first.UploadAsync(new MemoryStream(data));
        }

        await using var second = await BridgeClient.ConnectAsync(url, BridgeTestServer.Token);
        var before = relay.BytesToServer;
        var again = await second.UploadAsync(new MemoryStream(data));
        var upstream = relay.BytesToServer - before;

        Assert.True(again.AlreadyCached, "the cache had the entry");
        Assert.Equal(0, again.SentBytes);
        Assert.True(upstream < 1024, $"only a cache.query should have gone up, not {upstream} bytes");
        Assert.Single(CacheFolder.Of(server).Entries());
    }

    [Fact]
    public async Task Upload_ContentNotMatchingItsHash_Refused4502AndNothingStored()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(100_000, seed: 3);
        var claimed = ContentHash.Compute(TestContent.Random(100_000, seed: 4));

        var response = await session.SendBulkAsync(
            CacheMethods.Upload, new CacheUploadParams(claimed.ToString(), 0, data.Length, Final: true), ProtocolJson.Default.CacheUploadParams, data);

        Assert.Equal(ErrorCode.CacheHashMismatch, response.Error);
        Assert.Contains(ContentHash.Compute(data).ToString(), response.Message, StringComparison.Ordinal);
        var folder = CacheFolder.Of(server);
        Assert.Empty(folder.Entries());
        Assert.Equal(0, folder.TemporaryFiles());
        var ledger = await LedgerAsync(server);
        Assert.Empty(ledger.TenantBytes);
        Assert.Equal(0, ledger.ReservedBytes);
    }

    [Fact]
    public async Task Upload_TwoSessionsInterleavingTheSameEntry_StoredOnceAndBothDone()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var a = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var b = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(300_000, seed: 5);
        var key = ContentHash.Compute(data).ToString();
        var half = data.Length / 2;

        // Both are under way before either finishes: two puts of one key in the cache at once.
        AssertNotDone(await Chunk(a, key, 0, data.Length, data.AsMemory(0, half), final: false));
        AssertNotDone(await Chunk(b, key, 0, data.Length, data.AsMemory(0, half), final: false));
        var first = await Chunk(a, key, half, null, data.AsMemory(half), final: true);
        var second = await Chunk(b, key, half, null, data.AsMemory(half), final: true);

        Assert.True(first.IsSuccess && second.IsSuccess, $"{first.Error} {first.Message} / {second.Error} {second.Message}");
        Assert.True(first.Result.GetProperty("stored").GetBoolean(), "the first to finish stores the entry");
        Assert.False(second.Result.GetProperty("stored").GetBoolean(), "the second finds it present");
        var folder = CacheFolder.Of(server);
        Assert.Single(folder.Entries());
        Assert.Equal(0, folder.TemporaryFiles());
        Assert.Equal(data.Length, (await LedgerAsync(server)).TenantBytes["default"]); // charged once
    }

    [Fact]
    public async Task UploadAsync_TwoSessionsAtOnce_OneEntryOneStorer()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var a = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var b = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(6_000_000, seed: 6);

        var results = await Task.WhenAll(a.UploadAsync(new MemoryStream(data)), b.UploadAsync(new MemoryStream(data)));

        Assert.All(results, r => Assert.Equal(ContentHash.Compute(data), r.Hash));
        Assert.Single(results, r => !r.AlreadyCached);
        Assert.Single(CacheFolder.Of(server).Entries());
        Assert.Equal(data.Length, (await LedgerAsync(server)).TenantBytes["default"]);
    }

    [Fact]
    public async Task UploadAsync_EmptyContent_StoredAsAnEmptyEntry()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var result = await session.UploadAsync(new MemoryStream([]));

        Assert.Equal(ContentHash.Compute([]), result.Hash);
        Assert.Empty(CacheFolder.Of(server).Read(result.Hash));
    }

    internal static Task<BridgeResponse> Chunk(BridgeSession session, string key, long offset, long? length, ReadOnlyMemory<byte> bytes, bool final) =>
        session.SendBulkAsync(CacheMethods.Upload, new CacheUploadParams(key, offset, length, final), ProtocolJson.Default.CacheUploadParams, bytes);

    internal static Task<CacheLedgerStatus> LedgerAsync(BridgeTestServer server) =>
        server.Grains.GetGrain<ICacheLedgerGrain>(server.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id).GetStatusAsync();

    private static void AssertNotDone(BridgeResponse response)
    {
        Assert.True(response.IsSuccess, $"{response.Error} {response.Message}");
        Assert.False(response.Result.GetProperty("done").GetBoolean());
    }
}
