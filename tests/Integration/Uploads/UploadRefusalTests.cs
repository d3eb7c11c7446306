using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Admission;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Storage.Cache;
using OrleansBridge.Tests.Cache;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>Uploads the server refuses, each with its code, leaving nothing behind.</summary>
public sealed class UploadRefusalTests
{
    [Fact]
    public async Task Query_InvalidKeys_Refused4500WithoutAnyStorageCall()
    {
        var counter = new CountingCache.Counter();
        await using var server = await BridgeTestServer.StartAsync(services: s =>
            s.AddSingleton<IContentCacheFactory>(sp => new CountingCacheFactory(sp.GetRequiredService<ContentCacheFactory>(), counter)));
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var valid = ContentHash.Compute([1]).ToString();
        string[] invalid = ["../../etc/passwd", valid.ToUpperInvariant(), valid[..63], valid + "0", "ab/cd/" + valid[6..], ""];

        foreach (var key in invalid)
        {
            var query = await session.SendAsync(CacheMethods.Query, new CacheQueryParams([valid, key]), ProtocolJson.Default.CacheQueryParams);
            var upload = await UploadTests.Chunk(session, key, 0, 1, new byte[] { 1 }, final: true);
            var cancel = await session.SendAsync(CacheMethods.Cancel, new CacheCancelParams(key), ProtocolJson.Default.CacheCancelParams);

            Assert.Equal(ErrorCode.CacheKeyInvalid, query.Error);
            Assert.Contains("hashes[1]", query.Message, StringComparison.Ordinal);
            Assert.Equal(ErrorCode.CacheKeyInvalid, upload.Error);
            Assert.Equal(ErrorCode.CacheKeyInvalid, cancel.Error);
        }

        Assert.Equal(0, counter.Count);
        await session.RequestAsync(CacheMethods.Query, JsonSerializer.SerializeToElement(new { hashes = new[] { valid } }));
        Assert.True(counter.Count > 0, "a valid query reaches the cache (the counter is wired)");
    }

    [Fact]
    public async Task Upload_TenantQuotaExceeded_Refused4506AndOtherTenantsUnaffected()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxTenantCacheBytes"] = "1000000",
        });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var first = TestContent.Random(600_000, seed: 10);
        await session.UploadAsync(new MemoryStream(first));

        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.UploadAsync(new MemoryStream(TestContent.Random(600_000, seed: 11))));
        var again = await session.UploadAsync(new MemoryStream(first)); // present: costs no quota

        Assert.Equal(ErrorCode.CacheQuotaExceeded, refused.Code);
        Assert.Contains("quota of 1000000 bytes", refused.Message, StringComparison.Ordinal);
        Assert.True(again.AlreadyCached);
        Assert.Single(CacheFolder.Of(server).Entries());
        Assert.Equal(0, CacheFolder.Of(server).TemporaryFiles());
        var otherTenant = new SignedToken("k1", "other", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), null).Sign(Convert.FromBase64String(BridgeTestServer.SigningKey));
        await using var other = await BridgeClient.ConnectAsync(server.Url, otherTenant);
        Assert.False((await other.UploadAsync(new MemoryStream(TestContent.Random(600_000, seed: 12)))).AlreadyCached);
        var ledger = await UploadTests.LedgerAsync(server);
        Assert.Equal(600_000, ledger.TenantBytes["default"]);
        Assert.Equal(600_000, ledger.TenantBytes["other"]);
        Assert.Equal(0, ledger.ReservedBytes);
    }

    [Fact]
    public async Task Upload_LargerThanMaxEntryBytes_Refused4503BeforeAnyWrite()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:Cache:MaxEntryBytes"] = "1000000" });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.UploadAsync(new MemoryStream(TestContent.Random(1_500_000, seed: 13))));

        Assert.Equal(ErrorCode.CacheEntryTooLarge, refused.Code);
        Assert.Empty(CacheFolder.Of(server).Entries());
    }

    [Fact]
    public async Task Upload_ChunksOutOfOrder_Refused4507()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(1000, seed: 14);
        var key = ContentHash.Compute(data).ToString();

        var noUpload = await UploadTests.Chunk(session, key, 500, null, data.AsMemory(500), final: true);
        var noLength = await UploadTests.Chunk(session, key, 0, null, data.AsMemory(0, 500), final: false);
        var started = await UploadTests.Chunk(session, key, 0, data.Length, data.AsMemory(0, 500), final: false);
        var gap = await UploadTests.Chunk(session, key, 600, null, data.AsMemory(600), final: true);
        var shortFinal = await UploadTests.Chunk(session, key, 500, null, data.AsMemory(500, 100), final: true);
        var rest = await UploadTests.Chunk(session, key, 500, null, data.AsMemory(500), final: true);

        Assert.Equal(ErrorCode.CacheUploadOutOfOrder, noUpload.Error);
        Assert.Equal(ErrorCode.CacheUploadOutOfOrder, noLength.Error);
        Assert.True(started.IsSuccess, started.Message);
        Assert.Equal(ErrorCode.CacheUploadOutOfOrder, gap.Error);
        Assert.Contains("offset 600 is not the 500 bytes received so far", gap.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.CacheUploadOutOfOrder, shortFinal.Error);
        Assert.True(rest.IsSuccess && rest.Result.GetProperty("stored").GetBoolean(), rest.Message); // a refused chunk leaves the upload intact
    }

    [Fact]
    public async Task Cancel_UploadInProgress_PartialContentGoneAndQuotaReturned()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(200_000, seed: 15);
        var key = ContentHash.Compute(data).ToString();
        await UploadTests.Chunk(session, key, 0, data.Length, data.AsMemory(0, 100_000), final: false);
        Assert.Equal(1, CacheFolder.Of(server).TemporaryFiles());

        var cancelled = await session.RequestAsync(CacheMethods.Cancel, JsonSerializer.SerializeToElement(new { hash = key }));
        var late = await UploadTests.Chunk(session, key, 100_000, null, data.AsMemory(100_000), final: true);

        Assert.True(cancelled.GetProperty("cancelled").GetBoolean());
        Assert.Equal(ErrorCode.CacheUploadOutOfOrder, late.Error);
        Assert.Equal(0, CacheFolder.Of(server).TemporaryFiles());
        Assert.Empty(CacheFolder.Of(server).Entries());
        Assert.Equal(0, (await UploadTests.LedgerAsync(server)).ReservedBytes);
    }

    [Fact]
    public async Task UploadAsync_CancelledMidway_ThrowsLeavesNothingAndCanStartAgain()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxMessageBytes"] = (256 << 10).ToString(),
            ["Bridge:Applications:bridge:Limits:MaxInFlightBytes"] = (1 << 20).ToString(),
        });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(8 << 20, seed: 17);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == UploadPhase.Uploading && p.ProcessedBytes >= 2 << 20)
            {
                cancel.Cancel(); // from the uploading thread, at a known point
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.UploadAsync(new MemoryStream(data), progress, cancel.Token));

        Assert.Empty(CacheFolder.Of(server).Entries());
        Assert.Equal(0, CacheFolder.Of(server).TemporaryFiles());
        Assert.Equal(0, (await UploadTests.LedgerAsync(server)).ReservedBytes);
        var again = await session.UploadAsync(new MemoryStream(data));
        Assert.Equal(data.Length, again.SentBytes);
        Assert.Equal(data, CacheFolder.Of(server).Read(again.Hash));
    }

    [Fact]
    public async Task Close_SessionWithUploadInProgress_PartialContentGoneAndPinsReleased()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(200_000, seed: 16);
        await UploadTests.Chunk(session, ContentHash.Compute(data).ToString(), 0, data.Length, data.AsMemory(0, 100_000), final: false);
        var id = session.SessionId;

        await session.DisposeAsync();
        await server.WaitForStateAsync(id, Sessions.SessionState.Closed);

        Assert.Equal(0, CacheFolder.Of(server).TemporaryFiles());
        var ledger = await UploadTests.LedgerAsync(server);
        Assert.Empty(ledger.Pinned);
        Assert.Equal(0, ledger.ReservedBytes);
    }
}
