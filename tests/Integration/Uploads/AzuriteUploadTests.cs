using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>Uploads into an <c>azure:</c> cache on a real Azurite: chunks stream into staged blocks, committed only when verified.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteUploadTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_AzureCache_StoredOnceVerifiedAndReuploadSendsNothing()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Cache"] = "azure:" + azurite.NewLocation(),
        });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(10_000_000, seed: 40); // more than one 4 MiB block
        var wrong = TestContent.Random(50_000, seed: 41);

        var stored = await session.UploadAsync(new MemoryStream(data));
        var again = await session.UploadAsync(new MemoryStream(data));
        var mismatch = await UploadTests.Chunk(session, ContentHash.Compute(data.AsSpan(0, 10)).ToString(), 0, wrong.Length, wrong, final: true);

        Assert.False(stored.AlreadyCached);
        Assert.True(again.AlreadyCached);
        Assert.Equal(0, again.SentBytes);
        Assert.Equal(ErrorCode.CacheHashMismatch, mismatch.Error);
        var cache = server.Services.GetService(typeof(ApplicationCaches)) is ApplicationCaches caches ? caches.For("bridge") : throw new InvalidOperationException();
        var page = await cache.Cache.ListAsync(null, 10, default);
        Assert.True(page.Succeeded, page.Detail);
        Assert.Equal([stored.Hash], page.Value.Entries.Select(e => e.Hash));
        await using var read = (await cache.OpenReadAsync(stored.Hash, default)).Value!;
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        var query = await session.SendAsync(CacheMethods.Query, new CacheQueryParams([ContentHash.Compute(data.AsSpan(0, 10)).ToString()]), ProtocolJson.Default.CacheQueryParams);
        Assert.Single(query.Result.GetProperty("missing").EnumerateArray()); // the refused entry is nowhere
    }
}
