using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Snapshots;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Uploads;

namespace OrleansBridge.Tests.Scene;

/// <summary>Snapshots over the real WebSocket and SDK: saved, listed, imported, exported, removed, pinned.</summary>
public sealed class SnapshotTests
{
    private static IContentCache CacheOf(BridgeTestServer server)
    {
        Assert.True(server.Services.GetRequiredService<IApplicationCatalog>().TryGet("bridge", out var application));
        return server.Services.GetRequiredService<IContentCacheFactory>().GetCache(application.Cache);
    }

    private static async Task<ContentHash> StoreBulkAsync(BridgeTestServer server, byte[] bytes)
    {
        var hash = ContentHash.Compute(bytes);
        Assert.True((await CacheOf(server).PutAsync(hash, new MemoryStream(bytes), CancellationToken.None)).Succeeded);
        return hash;
    }

    private static string Material(double roughness) =>
        $$"""{"type":"material","roughnessFactor":{{roughness.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""";

    private static string TriangleScene(ContentHash positions, double roughness) => $$$"""
        {"tri":{"type":"mesh","positions":"{{{positions}}}","vertexCount":3,"material":"mat"},
         "mat":{{{Material(roughness)}}},
         "i-tri":{"type":"instance","target":"tri"},
         "scene":{"type":"scene","roots":["i-tri"]}}
        """;

    private static async Task<ContentHash> CommitAsync(BridgeSession session, string elementsJson)
    {
        var tx = (await session.RequestAsync("scene.begin", default)).GetProperty("transaction").GetString()!;
        await session.RequestAsync("scene.put", JsonDocument.Parse($$"""{"transaction":"{{tx}}","elements":{{elementsJson}}}""").RootElement);
        var commit = await session.RequestAsync("scene.commit", JsonDocument.Parse($$"""{"transaction":"{{tx}}"}""").RootElement);
        Assert.True(ContentHash.TryParse(commit.GetProperty("manifest").GetString(), out var manifest));
        return manifest;
    }

    private static async Task CloseAsync(BridgeTestServer server, BridgeSession session)
    {
        var id = session.SessionId;
        await session.DisposeAsync();
        await server.WaitForStateAsync(id, SessionState.Closed);
    }

    [Fact]
    public async Task Import_SnapshotOfClosedSession_NewSessionHasSameManifestHash()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, new byte[36]);
        var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var committed = await CommitAsync(first, TriangleScene(positions, 0.5));
        var saved = await first.SaveSnapshotAsync("round-trip");
        Assert.Equal(committed, saved.Manifest);
        await CloseAsync(server, first);

        await using var second = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var listed = Assert.Single(await second.ListSnapshotsAsync());
        var imported = await second.ImportSnapshotAsync("round-trip");

        Assert.Equal(("round-trip", (string?)null, 4, second.Tenant), (listed.Name, listed.Parent, listed.Elements, listed.Tenant));
        Assert.True(listed.Size > 36, $"size {listed.Size} counts manifest, elements and bulk data");
        Assert.Equal(committed, imported.Manifest);
        var head = await second.RequestAsync("scene.head", default);
        Assert.Equal(committed.ToString(), head.GetProperty("manifest").GetString());
    }

    [Fact]
    public async Task SaveIncremental_OneElementChanged_StoresOnlyManifestAndThatElement()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, new byte[36]);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await CommitAsync(session, TriangleScene(positions, 0.5));
        var full = await session.SaveSnapshotAsync("base");
        var changed = await CommitAsync(session, "{\"mat\":" + Material(0.25) + "}");

        var incremental = await session.SaveSnapshotAsync("next", incremental: true);

        Assert.True(SceneCanonical.TryDeserialize(System.Text.Encoding.UTF8.GetBytes(Material(0.25)), out var mat, out _) == ErrorCode.None);
        var cache = CacheOf(server);
        var manifestBytes = (await cache.GetInfoAsync(changed, CancellationToken.None)).Value!.Length;
        var matBytes = (await cache.GetInfoAsync(SceneCanonical.Hash(mat!), CancellationToken.None)).Value!.Length;
        Assert.Equal("base", incremental.Parent);
        Assert.Equal(changed, incremental.Manifest);
        Assert.Equal(manifestBytes + matBytes, incremental.StoredBytes);
        Assert.Equal(full.Size - 36, full.StoredBytes); // a full snapshot stores the manifest and every element, not the bulk data
        Assert.True(incremental.StoredBytes < full.StoredBytes, $"incremental {incremental.StoredBytes} bytes, full {full.StoredBytes}");
    }

    [Fact]
    public async Task Remove_OnlySnapshotPinsScene_GcThenDeletesItsEntries()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var admin = new CacheAdminClient(server);
        var positions = await CacheGcTests.UploadAndCloseAsync(server, new byte[36]);
        var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await CommitAsync(first, TriangleScene(positions, 0.5));
        await first.SaveSnapshotAsync("kept");
        await CloseAsync(server, first);

        var pinned = await admin.GcAsync(TimeSpan.Zero);
        Assert.Equal((6L, 0L), (pinned.Scanned, pinned.Deleted)); // positions, 4 elements, the manifest: pinned by the snapshot alone

        await using var second = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await second.RemoveSnapshotAsync("kept");
        var released = await admin.GcAsync(TimeSpan.Zero);

        Assert.Equal(6, released.Deleted);
        Assert.Empty(await second.ListSnapshotsAsync());
    }

    [Fact]
    public async Task Save_PolicyMaxOnePerTenant_SecondRefusedWithLimitReached()
    {
        await using var server = await BridgeTestServer.StartAsync(services: s => s.Configure<SnapshotOptions>(o => o.MaxPerTenant = 1));
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await session.SaveSnapshotAsync("one");

        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.SaveSnapshotAsync("two"));

        Assert.Equal(ErrorCode.SnapshotLimitReached, refused.Code);
        await session.RemoveSnapshotAsync("one");
        Assert.Equal("two", (await session.SaveSnapshotAsync("two")).Name);
    }

    [Fact]
    public async Task Save_TenantNotAllowed_RefusedWithDenied()
    {
        await using var server = await BridgeTestServer.StartAsync(services: s => s.Configure<SnapshotOptions>(o => o.AllowedTenants.Add("another-tenant")));
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.SaveSnapshotAsync("denied"));

        Assert.Equal(ErrorCode.SnapshotDenied, refused.Code);
        Assert.Empty(await session.ListSnapshotsAsync());
    }

    [Fact]
    public async Task ImportFile_UnknownFormatVersion_RefusedAndKnownVersionImports()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, new byte[36]);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var committed = await CommitAsync(session, TriangleScene(positions, 0.5));
        await session.SaveSnapshotAsync("exported");
        var file = await session.ExportSnapshotAsync("exported");
        var json = JsonSerializer.SerializeToNode(file, SnapshotJson.Default.SnapshotFile)!.AsObject();
        Assert.Equal((1, committed, "exported"), (file.FormatVersion, file.Manifest, file.Snapshot));
        Assert.DoesNotContain(BridgeTestServer.Token, json.ToJsonString(), StringComparison.Ordinal);
        json["formatVersion"] = 99;

        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.ImportSnapshotFileAsync(JsonSerializer.SerializeToElement(json)));

        Assert.Equal(ErrorCode.SceneFormatVersionUnknown, refused.Code);
        await CommitAsync(session, "{\"mat\":" + Material(0.9) + "}");
        json["formatVersion"] = 1;
        Assert.Equal(committed, (await session.ImportSnapshotFileAsync(JsonSerializer.SerializeToElement(json))).Manifest);
    }

    [Fact]
    public async Task ImportMerge_UnderPrefix_ReferencesRewrittenAndRootsJoined()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, new byte[36]);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await CommitAsync(session, TriangleScene(positions, 0.5));
        await session.SaveSnapshotAsync("part");

        var merged = await session.ImportSnapshotAsync("part", SceneImportMode.Merge, "copy/");
        var again = await Assert.ThrowsAsync<BridgeRequestException>(() => session.ImportSnapshotAsync("part", SceneImportMode.Merge, "copy/"));

        Assert.Equal(7, merged.Elements); // 4 + the 3 non-root elements; the snapshot's roots join the head's scene element
        Assert.Equal(ErrorCode.SceneConflict, again.Code);
        var elements = (await session.RequestAsync("scene.get", default)).GetProperty("elements");
        Assert.Equal("copy/tri", elements.GetProperty("copy/i-tri").GetProperty("target").GetString());
        Assert.Equal("copy/mat", elements.GetProperty("copy/tri").GetProperty("material").GetString());
        var roots = elements.GetProperty("scene").GetProperty("roots").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(["i-tri", "copy/i-tri"], roots);
    }

    [Fact]
    public async Task Snapshot_AfterServerRestart_ListedPinnedAndImportable()
    {
        using var data = new TestDirectory();
        ContentHash committed;
        await using (var server = await BridgeTestServer.StartAsync(sharedData: data))
        {
            var positions = await CacheGcTests.UploadAndCloseAsync(server, new byte[36]);
            var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
            committed = await CommitAsync(first, TriangleScene(positions, 0.5));
            await first.SaveSnapshotAsync("durable");
            await CloseAsync(server, first);
        }

        await using var restarted = await BridgeTestServer.StartAsync(sharedData: data);
        using var admin = new CacheAdminClient(restarted);
        var gc = await admin.GcAsync(TimeSpan.Zero);
        await using var session = await BridgeClient.ConnectAsync(restarted.Url, BridgeTestServer.Token);

        Assert.Equal(0, gc.Deleted); // the snapshot's pins are durable
        Assert.Equal("durable", Assert.Single(await session.ListSnapshotsAsync()).Name);
        Assert.Equal(committed, (await session.ImportSnapshotAsync("durable")).Manifest);
    }
}
