using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Admission;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>Mark-and-sweep through the admin endpoint: pins of live sessions and snapshots protect entries, age protects new ones.</summary>
public sealed class CacheGcTests
{
    [Fact]
    public async Task Gc_UnpinnedOldEntries_DeletedWhilePinnedAndRecentOnesStay()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var admin = new CacheAdminClient(server);
        var closedUpload = await UploadAndCloseAsync(server, TestContent.Random(50_000, seed: 20));
        var snapshotted = await UploadAndCloseAsync(server, TestContent.Random(60_000, seed: 21));
        var ledger = server.Grains.GetGrain<ICacheLedgerGrain>(server.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id);
        await ledger.PinAsync(PinOwner.Snapshot("bridge", "scene-1", "default"), [snapshotted]);
        await using var live = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var held = (await live.UploadAsync(new MemoryStream(TestContent.Random(70_000, seed: 22)))).Hash;

        var young = await admin.GcAsync(); // default minimum age (1 h): everything is too recent
        var swept = await admin.GcAsync(TimeSpan.Zero);

        Assert.Equal((3, 0, 3), (young.Scanned, young.Deleted, young.KeptRecent));
        Assert.Equal((3L, 1L, 50_000L, 2L), (swept.Scanned, swept.Deleted, swept.DeletedBytes, swept.KeptPinned));
        Assert.Equal(new[] { snapshotted, held }.Order(), CacheFolder.Of(server).Entries().Order());
        var missing = await live.RequestAsync(Protocol.Messages.CacheMethods.Query,
            System.Text.Json.JsonSerializer.SerializeToElement(new { hashes = new[] { closedUpload.ToString() } }));
        Assert.Equal(closedUpload.ToString(), missing.GetProperty("missing")[0].GetString());
    }

    [Fact]
    public async Task Gc_SnapshotPinReleased_EntryCollected()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var admin = new CacheAdminClient(server);
        var entry = await UploadAndCloseAsync(server, TestContent.Random(10_000, seed: 23));
        var ledger = server.Grains.GetGrain<ICacheLedgerGrain>(server.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id);
        var snapshot = PinOwner.Snapshot("bridge", "scene-2", "default");
        await ledger.PinAsync(snapshot, [entry]);
        Assert.Equal(0, (await admin.GcAsync(TimeSpan.Zero)).Deleted);

        await ledger.ReleaseAsync(snapshot.Id);

        Assert.Equal(1, (await admin.GcAsync(TimeSpan.Zero)).Deleted);
        Assert.Empty(CacheFolder.Of(server).Entries());
        Assert.Empty((await ledger.GetStatusAsync()).TenantBytes); // the charge went with the entry
    }

    [Fact]
    public async Task Stats_AfterUploadsAndQueries_CountsEntriesPinnedBytesAndHitRate()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var admin = new CacheAdminClient(server);
        await UploadAndCloseAsync(server, TestContent.Random(1000, seed: 24)); // query: 1 miss
        await using var live = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var data = TestContent.Random(2000, seed: 25);
        await live.UploadAsync(new MemoryStream(data)); // 1 miss
        await live.UploadAsync(new MemoryStream(data)); // 1 hit

        var stats = await admin.StatsAsync();

        Assert.Equal((2L, 3000L, 1L, 2000L), (stats.Entries, stats.Bytes, stats.PinnedEntries, stats.PinnedBytes));
        Assert.Equal((1L, 2L), (stats.Hits, stats.Misses));
        Assert.Equal(1.0 / 3, stats.HitRate, 6);
        Assert.Null(stats.BudgetBytes);
        Assert.Equal(3000, stats.TenantBytes["default"]);
    }

    [Fact]
    public async Task Admin_WrongOrMissingToken_Refused401WithCode()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var wrong = new CacheAdminClient(server, "not-a-token-of-this-app");
        using var none = new CacheAdminClient(server, token: null);
        using var unknownApp = new CacheAdminClient(server);

        using var refused = await wrong.SendAsync(HttpMethod.Post, "/admin/cache/gc?minAgeSeconds=0");
        using var anonymous = await none.SendAsync(HttpMethod.Post, "/admin/cache/gc?minAgeSeconds=0");
        using var anonymousStats = await none.SendAsync(HttpMethod.Get, "/admin/cache/stats");
        using var missing = await unknownApp.SendAsync(HttpMethod.Get, "/admin/cache/stats?application=/nowhere");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("4201", refused.Headers.GetValues("Bridge-Error").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("4200", anonymous.Headers.GetValues("Bridge-Error").Single());
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStats.StatusCode);
        Assert.Equal("4200", anonymousStats.Headers.GetValues("Bridge-Error").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("4207", missing.Headers.GetValues("Bridge-Error").Single());
    }

    [Fact]
    public async Task Gc_TenantTokenBelowTheMinimumAge_Refused403With4209AndNothingDeleted()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await UploadAndCloseAsync(server, TestContent.Random(10_000, seed: 40));
        using var tenant = new CacheAdminClient(server, BridgeTestServer.Token);

        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 50; i++)
        {
            refused.Add(await tenant.SendAsync(HttpMethod.Post, "/admin/cache/gc?minAgeSeconds=0"));
        }

        Assert.All(refused, r => Assert.Equal((HttpStatusCode.Forbidden, "4209"), (r.StatusCode, r.Headers.GetValues("Bridge-Error").Single())));
        Assert.Single(CacheFolder.Of(server).Entries());
        var atTheMinimum = await tenant.GcAsync(TimeSpan.FromHours(1)); // the minimum itself is allowed
        Assert.Equal((1L, 0L, 1L, "default"), (atTheMinimum.Scanned, atTheMinimum.Deleted, atTheMinimum.KeptRecent, atTheMinimum.Tenant));
        refused.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Gc_TenantToken_DeletesOnlyItsOwnUnpinnedEntries()
    {
        // A minimum age of 0 lets a tenant's collection reach the entries this test just stored.
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:Cache:GcMinimumAge"] = "00:00:00" });
        var other = new SignedToken("k1", "studio-b", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), null).Sign(Convert.FromBase64String(BridgeTestServer.SigningKey));
        var mine = await UploadAndCloseAsync(server, TestContent.Random(11_000, seed: 41));
        var theirs = await UploadAndCloseAsync(server, TestContent.Random(12_000, seed: 42), other);
        using var tenant = new CacheAdminClient(server, BridgeTestServer.Token);

        var swept = await tenant.GcAsync();
        var stats = await tenant.StatsAsync();
        var all = await new CacheAdminClient(server).StatsAsync();

        Assert.Equal(("default", 2L, 1L, 11_000L, 1L, 0L), (swept.Tenant, swept.Scanned, swept.Deleted, swept.DeletedBytes, swept.KeptOtherTenants, swept.KeptPinned));
        Assert.Equal([theirs], CacheFolder.Of(server).Entries());
        Assert.NotEqual(mine, theirs);
        Assert.Empty(stats.TenantBytes); // its own charge went with its entry; the other tenant's is not shown to it
        Assert.Equal(12_000, Assert.Single(all.TenantBytes, t => t.Key == "studio-b").Value);
    }

    [Fact]
    public async Task Admin_ForeignOrigin_Refused403With4208EvenWithTheAdminToken()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var foreign = new CacheAdminClient(server, origin: "https://evil.example");
        using var own = new CacheAdminClient(server, origin: $"http://127.0.0.1:{server.Port}");

        using var refused = await foreign.SendAsync(HttpMethod.Post, "/admin/cache/gc?minAgeSeconds=0");
        using var stats = await foreign.SendAsync(HttpMethod.Get, "/admin/cache/stats");
        var allowed = await own.StatsAsync();

        Assert.Equal((HttpStatusCode.Forbidden, "4208"), (refused.StatusCode, refused.Headers.GetValues("Bridge-Error").Single()));
        Assert.Equal((HttpStatusCode.Forbidden, "4208"), (stats.StatusCode, stats.Headers.GetValues("Bridge-Error").Single()));
        Assert.Equal(0, allowed.Entries);
    }

    [Fact]
    public async Task Ledger_ServerRestarted_SnapshotPinsAndChargesPersistButSessionPinsDoNot()
    {
        using var data = new TestDirectory();
        var settings = new Dictionary<string, string?> { ["Bridge:Data"] = data.Path };
        ContentHash snapshotted;
        await using (var before = await BridgeTestServer.StartAsync(settings))
        {
            snapshotted = await UploadAndCloseAsync(before, TestContent.Random(30_000, seed: 26));
            await LedgerOf(before).PinAsync(PinOwner.Snapshot("bridge", "scene-3", "default"), [snapshotted]);
            await using var live = await BridgeClient.ConnectAsync(before.Url, BridgeTestServer.Token, new BridgeClientOptions { AutoReconnect = false });
            await live.UploadAsync(new MemoryStream(TestContent.Random(40_000, seed: 27))); // pinned by a session the restart ends
        }

        await using var after = await BridgeTestServer.StartAsync(settings);
        using var admin = new CacheAdminClient(after);
        var ledger = await LedgerOf(after).GetStatusAsync();
        var swept = await admin.GcAsync(TimeSpan.Zero);

        Assert.Equal([snapshotted], ledger.Pinned);
        Assert.Equal(70_000, ledger.TenantBytes["default"]);
        Assert.Equal((1L, 40_000L), (swept.Deleted, swept.DeletedBytes));
        Assert.Equal([snapshotted], new CacheFolder(Path.Combine(data.Path, "cache")).Entries());
        Assert.Equal(30_000, (await LedgerOf(after).GetStatusAsync()).TenantBytes["default"]);
    }

    private static ICacheLedgerGrain LedgerOf(BridgeTestServer server) =>
        server.Grains.GetGrain<ICacheLedgerGrain>(server.Services.GetRequiredService<ApplicationCaches>().For("bridge").Id);

    /// <summary>Uploads in a session of its own and closes it, so that nothing pins the entry any more.</summary>
    internal static async Task<ContentHash> UploadAndCloseAsync(BridgeTestServer server, byte[] data, string token = BridgeTestServer.Token)
    {
        var session = await BridgeClient.ConnectAsync(server.Url, token);
        var hash = (await session.UploadAsync(new MemoryStream(data))).Hash;
        var id = session.SessionId;
        await session.DisposeAsync();
        await server.WaitForStateAsync(id, SessionState.Closed);
        return hash;
    }
}
