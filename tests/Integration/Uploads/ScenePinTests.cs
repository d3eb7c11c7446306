using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>A live session's committed scene pins its manifest, elements and bulk data against collection.</summary>
public sealed class ScenePinTests
{
    [Fact]
    public async Task Gc_SceneHeadOfLiveSession_KeptUntilReplacedOrClosed()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var admin = new CacheAdminClient(server);
        var positions = await CacheGcTests.UploadAndCloseAsync(server, new byte[36]); // unpinned once its uploader left
        var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await CommitAsync(session, positions, roughness: 0.5);

        var kept = await admin.GcAsync(TimeSpan.Zero);
        Assert.Equal((6L, 0L), (kept.Scanned, kept.Deleted)); // positions, 4 elements, the manifest

        await CommitAsync(session, positions, roughness: 0.25);
        var replaced = await admin.GcAsync(TimeSpan.Zero);
        Assert.Equal(2, replaced.Deleted); // the first head's manifest and material

        var id = session.SessionId;
        await session.DisposeAsync();
        await server.WaitForStateAsync(id, SessionState.Closed);
        var closed = await admin.GcAsync(TimeSpan.Zero);
        Assert.Equal(6, closed.Deleted);
        Assert.Empty(CacheFolder.Of(server).Entries());
    }

    private static async Task CommitAsync(BridgeSession session, ContentHash positions, double roughness)
    {
        var tx = (await session.RequestAsync("scene.begin", default)).GetProperty("transaction").GetString()!;
        var elements = $$$"""
            {"tri":{"type":"mesh","positions":"{{{positions}}}","vertexCount":3,"material":"mat"},
             "mat":{"type":"material","roughnessFactor":{{{roughness.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}},
             "i-tri":{"type":"instance","target":"tri"},
             "scene":{"type":"scene","roots":["i-tri"]}}
            """;
        await session.RequestAsync("scene.put", JsonDocument.Parse($$$"""{"transaction":"{{{tx}}}","elements":{{{elements}}}}""").RootElement);
        await session.RequestAsync("scene.commit", JsonDocument.Parse($$"""{"transaction":"{{tx}}"}""").RootElement);
    }
}
