using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Scene;

/// <summary>Scene transactions over the real WebSocket: atomic, validated, optimistic, persisted.</summary>
public sealed class SceneTransactionTests
{
    private static readonly byte[] TriangleBytes = new byte[36];

    /// <summary>Puts bulk data straight into the application's cache, as an upload would.</summary>
    private static async Task<ContentHash> StoreBulkAsync(BridgeTestServer server, byte[] bytes)
    {
        var catalog = server.Services.GetRequiredService<IApplicationCatalog>();
        Assert.True(catalog.TryGet("bridge", out var application));
        var cache = server.Services.GetRequiredService<IContentCacheFactory>().GetCache(application.Cache);
        var hash = ContentHash.Compute(bytes);
        Assert.True((await cache.PutAsync(hash, new MemoryStream(bytes), CancellationToken.None)).Succeeded);
        return hash;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static async Task<string> BeginAsync(BridgeSession session) =>
        (await session.RequestAsync("scene.begin", default)).GetProperty("transaction").GetString()!;

    private static Task<BridgeResponse> PutAsync(BridgeSession session, string tx, string elementsJson) =>
        session.SendAsync("scene.put", Json($$"""{"transaction":"{{tx}}","elements":{{elementsJson}}}"""));

    private static Task<BridgeResponse> CommitAsync(BridgeSession session, string tx) =>
        session.SendAsync("scene.commit", Json($$"""{"transaction":"{{tx}}"}"""));

    private static string TriangleScene(ContentHash positions, float roughness = 0.5f) => $$"""
        {
          "tri": {"type":"mesh","positions":"{{positions}}","vertexCount":3,"material":"mat"},
          "mat": {"type":"material","roughnessFactor":{{roughness.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},
          "i-tri": {"type":"instance","target":"tri"},
          "scene": {"type":"scene","roots":["i-tri"]}
        }
        """;

    [Fact]
    public async Task Commit_ValidScene_HeadMovesAndTransactionBegunAfterSeesIt()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, TriangleBytes);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var tx = await BeginAsync(session);
        Assert.True((await PutAsync(session, tx, TriangleScene(positions))).IsSuccess);

        var commit = await CommitAsync(session, tx);

        Assert.True(commit.IsSuccess, $"{commit.Error} {commit.Message}");
        Assert.Equal(1, commit.Result.GetProperty("version").GetInt64());
        Assert.Equal(4, commit.Result.GetProperty("elements").GetInt32());
        var next = await session.RequestAsync("scene.begin", default);
        Assert.Equal(commit.Result.GetProperty("manifest").GetString(), next.GetProperty("base").GetString());
        var got = await session.RequestAsync("scene.get", Json("""{"names":["mat"]}"""));
        Assert.Equal(0.5, got.GetProperty("elements").GetProperty("mat").GetProperty("roughnessFactor").GetDouble(), 6);
    }

    [Fact]
    public async Task Commit_BulkDataMissingAndDanglingReference_RefusedListingEachAndNothingApplied()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var notUploaded = ContentHash.Compute("never uploaded"u8);
        var tx = await BeginAsync(session);
        await PutAsync(session, tx, $$$"""{"tri":{"type":"mesh","positions":"{{{notUploaded}}}","vertexCount":3},"i":{"type":"instance","target":"nothing"}}""");

        var refused = await CommitAsync(session, tx);

        Assert.False(refused.IsSuccess);
        Assert.Equal(ErrorCode.SceneDanglingReference, refused.Error);
        var problems = refused.Details!.Value.EnumerateArray().Select(p => (p.GetProperty("element").GetString(), p.GetProperty("code").GetInt32())).ToList();
        Assert.Contains(("i", 4601), problems);
        Assert.Equal(0, (await session.RequestAsync("scene.head", default)).GetProperty("version").GetInt64());

        var tx2 = await BeginAsync(session);
        await PutAsync(session, tx2, $$$"""{"tri":{"type":"mesh","positions":"{{{notUploaded}}}","vertexCount":3}}""");
        var missing = await CommitAsync(session, tx2);
        Assert.Equal(ErrorCode.SceneMissingCacheEntry, missing.Error);
        Assert.Equal("tri", missing.Details!.Value[0].GetProperty("element").GetString());
        Assert.Equal(0, (await session.RequestAsync("scene.head", default)).GetProperty("elements").GetInt32());
    }

    [Fact]
    public async Task Commit_TwoTransactionsUpdateOneElement_LaterGetsConflict()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, TriangleBytes);
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var setup = await BeginAsync(session);
        await PutAsync(session, setup, TriangleScene(positions));
        Assert.True((await CommitAsync(session, setup)).IsSuccess);
        var a = await BeginAsync(session);
        var b = await BeginAsync(session);
        await PutAsync(session, a, """{"mat":{"type":"material","roughnessFactor":0.1}}""");
        await PutAsync(session, b, """{"mat":{"type":"material","roughnessFactor":0.9}}""");

        Assert.True((await CommitAsync(session, a)).IsSuccess);
        var late = await CommitAsync(session, b);

        Assert.Equal(ErrorCode.SceneConflict, late.Error);
        var mat = (await session.RequestAsync("scene.get", Json("""{"names":["mat"]}"""))).GetProperty("elements").GetProperty("mat");
        Assert.Equal(0.1, mat.GetProperty("roughnessFactor").GetDouble(), 6);
    }

    [Fact]
    public async Task Commit_EqualScenesInTwoSessions_EqualManifestHashes()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, TriangleBytes);
        var manifests = new List<string>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
            var tx = await BeginAsync(session);
            await PutAsync(session, tx, TriangleScene(positions));
            manifests.Add((await CommitAsync(session, tx)).Result.GetProperty("manifest").GetString()!);
        }

        Assert.Equal(manifests[0], manifests[1]);
    }

    [Fact]
    public async Task Put_MalformedElement_InvalidArgumentAndTransactionUnchanged()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var tx = await BeginAsync(session);

        var unknownType = await PutAsync(session, tx, """{"x":{"type":"teapot"}}""");
        var badHash = await PutAsync(session, tx, """{"x":{"type":"mesh","positions":"../../../etc/passwd","vertexCount":3}}""");
        var unknownTx = await session.SendAsync("scene.commit", Json("""{"transaction":"t999"}"""));

        Assert.Equal(ErrorCode.InvalidArgument, unknownType.Error);
        Assert.Equal(ErrorCode.InvalidArgument, badHash.Error);
        Assert.Equal(ErrorCode.InvalidArgument, unknownTx.Error);
        Assert.True((await CommitAsync(session, tx)).IsSuccess); // Still open, still empty: commits nothing.
    }

    [Fact]
    public async Task Head_AfterServerRestart_SameManifestAndElements()
    {
        using var data = new TestDirectory();
        string key;
        string manifest;
        BridgeSession session;
        await using (var server = await BridgeTestServer.StartAsync(sharedData: data))
        {
            var positions = await StoreBulkAsync(server, TriangleBytes);
            session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token, new BridgeClientOptions { AutoReconnect = false });
            var tx = await BeginAsync(session);
            await PutAsync(session, tx, TriangleScene(positions, roughness: 0.25f));
            manifest = (await CommitAsync(session, tx)).Result.GetProperty("manifest").GetString()!;
            key = SceneKeys.For(session.SessionId, "bridge");
        } // The server stops under the open session, as in a crash or a redeploy: nothing closes the scene.

        await session.DisposeAsync();
        // The sweep at start would close the abandoned session and its scene (SessionSweepTests): off, to read the stored head.
        await using var restarted = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:Sessions:SweepAtStart"] = "false" }, sharedData: data);
        var scene = restarted.Grains.GetGrain<ISceneGrain>(key);
        var head = await scene.GetHeadAsync();
        var elements = await scene.GetElementsAsync(["mat"]);

        Assert.Equal(manifest, head.Manifest.ToString());
        Assert.Equal(1, head.Version);
        Assert.Equal(0.25f, ((MaterialElement)elements["mat"]).RoughnessFactor);
    }

    [Fact]
    public async Task OpenTransaction_SurvivesDropAndResume_AbortedWhenSessionCloses()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var positions = await StoreBulkAsync(server, TriangleBytes);
        var aborted = new TaskCompletionSource<SceneEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Services.GetRequiredService<SceneLifecycle>().Changed += e =>
        {
            if (!e.Committed)
            {
                aborted.TrySetResult(e);
            }
        };
        await using var relay = new TcpRelay(server.Port);
        await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{relay.Port}/bridge"), BridgeTestServer.Token);
        var tx = await BeginAsync(session);
        await PutAsync(session, tx, TriangleScene(positions));

        relay.DropAll();
        await server.WaitForStateAsync(session.SessionId, Sessions.SessionState.Pending);
        Assert.True((await CommitAsync(session, tx)).IsSuccess); // Sent after the drop: replayed on resume.
        var open = await BeginAsync(session);
        await session.CloseAsync();

        var abort = await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(open, abort.Transaction);
        Assert.Equal(session.SessionId, abort.SessionId);
    }
}
