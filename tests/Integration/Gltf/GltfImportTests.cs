using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansBridge.Client;
using OrleansBridge.Jobs;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Gltf;

/// <summary>
/// <c>gltf.import</c> over a real server with the real SDK: Blender's files import in one commit and
/// <c>scene.stats</c> agrees with the file; a refused file or a conflict leaves the scene as it was.
/// </summary>
public sealed class GltfImportTests : IDisposable
{
    private readonly TestDirectory _files = new();

    public void Dispose() => _files.Dispose();

    private static string TestData(string name) => RepositoryPaths.Under("tests", "TestData", "gltf", name);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_files.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Triangles and POSITION bounds of every mesh primitive, read from the .gltf JSON itself (accessor counts, min, max).</summary>
    private static (long Triangles, float[] Min, float[] Max) Expected(string gltf)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(gltf));
        var accessors = json.RootElement.GetProperty("accessors");
        long triangles = 0;
        float[] min = [float.MaxValue, float.MaxValue, float.MaxValue], max = [float.MinValue, float.MinValue, float.MinValue];
        foreach (var p in json.RootElement.GetProperty("meshes").EnumerateArray().SelectMany(m => m.GetProperty("primitives").EnumerateArray()))
        {
            triangles += accessors[p.GetProperty("indices").GetInt32()].GetProperty("count").GetInt32() / 3;
            var position = accessors[p.GetProperty("attributes").GetProperty("POSITION").GetInt32()];
            for (var a = 0; a < 3; a++)
            {
                min[a] = Math.Min(min[a], position.GetProperty("min")[a].GetSingle());
                max[a] = Math.Max(max[a], position.GetProperty("max")[a].GetSingle());
            }
        }

        return (triangles, min, max);
    }

    [Fact]
    public async Task ImportGltf_BlenderGlb_OneCommitAndSceneStatsMatchTheFile()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var (triangles, min, max) = Expected(TestData("blender-scene.gltf"));
        var reports = new List<JobProgress>();

        var result = await session.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest("blender/"), new SyncReporter<JobProgress>(reports.Add));
        var stats = await session.RunJobAsync("scene.stats", default);

        Assert.Equal(1, result.Version);
        Assert.Equal((3, 3, 1, 3), (result.Meshes, result.Materials, result.Textures, result.Lights));
        Assert.Equal(["blender/camera/Camera"], result.Cameras);
        Assert.Empty(result.Unsupported);
        Assert.Equal(triangles, result.Triangles);
        Assert.Equal(result.Manifest, (await session.GetSceneHeadAsync()).Manifest.ToString());
        Assert.Equal(1, stats.GetProperty("version").GetInt64());
        Assert.Equal(result.Elements, stats.GetProperty("elements").GetInt32());
        Assert.Equal(triangles, stats.GetProperty("triangles").GetInt64());
        Assert.Equal(3, stats.GetProperty("byKind").GetProperty("mesh").GetInt32());
        Assert.Equal(0, stats.GetProperty("missingBulk").GetInt32());
        var bounds = stats.GetProperty("bounds");
        Assert.Equal(min, bounds.GetProperty("min").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(max, bounds.GetProperty("max").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Contains(reports, r => r.Message?.Contains("committed", StringComparison.Ordinal) == true);
        var elements = await session.GetSceneElementsAsync(["blender/scene", "blender/light/Point"]);
        Assert.Equal("blender/node/Camera", Assert.IsType<SceneRootElement>(elements["blender/scene"]).Camera);
        Assert.Equal("point", Assert.IsType<LightElement>(elements["blender/light/Point"]).LightType);
    }

    [Fact]
    public async Task ImportGltf_SeparateGltfInAnotherSession_SameManifestAndNothingStoredTwice()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var second = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var glb = await first.ImportGltfAsync(TestData("blender-scene.glb"));
        var gltf = await second.ImportGltfAsync(TestData("blender-scene.gltf"));

        Assert.True(glb.BlobsStored > 0);
        Assert.Equal(glb.Manifest, gltf.Manifest);
        Assert.Equal(0, gltf.BlobsStored); // the .gltf's arrays and image are the .glb's: already in the shared cache
    }

    [Fact]
    public async Task ImportGltf_MalformedFile_RefusedWithCodeAndSceneUnchanged()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await session.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest("a/"));
        var before = await session.GetSceneHeadAsync();
        var glb = File.ReadAllBytes(TestData("blender-scene.glb"));
        var broken = new GltfBuilder();
        broken.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 7]);

        var truncated = await Assert.ThrowsAsync<BridgeRequestException>(() => session.ImportGltfAsync(Write("cut.glb", glb[..^100]), new GltfImportRequest("b/")));
        var badIndex = await Assert.ThrowsAsync<BridgeRequestException>(() => session.ImportGltfAsync(Write("index.glb", broken.ToGlb()), new GltfImportRequest("c/")));
        var taken = await Assert.ThrowsAsync<BridgeRequestException>(() => session.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest("a/")));

        Assert.Equal(ErrorCode.GltfMalformed, truncated.Code);
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.GltfInvalid, badIndex.Code);
        Assert.Contains("index 7 at position 2", badIndex.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.SceneConflict, taken.Code);
        var after = await session.GetSceneHeadAsync();
        Assert.Equal((before.Manifest, before.Version), (after.Manifest, after.Version));
    }

    [Fact]
    public async Task ImportGltf_ReplaceUnderTheSamePrefix_GivesTheSameManifestAgain()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var cube = new GltfBuilder();
        var (p, i) = GltfBuilder.Cube();
        cube.AddMesh(p, i, "box");
        cube.SetScene(cube.AddNode(new JsonObject { ["mesh"] = 0 }));

        var first = await session.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest("x/"));
        var mixed = await session.ImportGltfAsync(Write("cube.glb", cube.ToGlb()), new GltfImportRequest("y/"));
        var again = await session.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest("x/", Replace: true));

        Assert.NotEqual(first.Manifest, mixed.Manifest);
        var elements = await session.GetSceneElementsAsync();
        var root = Assert.IsType<SceneRootElement>(elements["x/scene"]);
        Assert.Contains("y/node/0", root.Roots); // the cube's root joined the scene's root element
        Assert.Equal(3, again.Version);
        Assert.Equal(mixed.Manifest, again.Manifest); // replacing x/ with the same file changes nothing
    }

    [Fact]
    public async Task ImportGltf_ReplaceWithEmptyPrefix_TheSceneBecomesTheFileAlone()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var built = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var fresh = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        using (var tx = built.BeginTransaction())
        {
            tx.Put("mine", new MaterialElement(RoughnessFactor: 0.3f));
            tx.Put("scene", new SceneRootElement([]));
            await tx.CommitAsync();
        }

        var replaced = await built.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest(string.Empty, Replace: true));
        var alone = await fresh.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest(string.Empty));

        Assert.Equal(alone.Manifest, replaced.Manifest);
        Assert.DoesNotContain("mine", (await built.GetSceneElementsAsync()).Keys);
    }

    [Fact]
    public async Task ImportGltf_GltfWithoutItsResources_IsResourceMissingNamingTheUri()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var source = await session.UploadAsync(TestData("blender-scene.gltf"));
        var input = JsonSerializer.SerializeToElement(new GltfImportJobInput(source.Hash.ToString()), GltfJobJson.Default.GltfImportJobInput);

        var error = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RunJobAsync("gltf.import", input));

        Assert.Equal(ErrorCode.GltfResourceMissing, error.Code);
        Assert.Contains("'checker.png' was not supplied", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await session.GetSceneHeadAsync()).Version);
    }

    [Fact]
    public async Task ImportGltf_UnsupportedFeatures_AreListedInTheResult()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0]);
        b.Add("animations", new JsonObject { ["channels"] = new JsonArray(), ["samplers"] = new JsonArray() });
        b.Add("cameras", new JsonObject { ["type"] = "orthographic", ["orthographic"] = new JsonObject { ["xmag"] = 1, ["ymag"] = 1, ["znear"] = 0.1, ["zfar"] = 10 } });

        var result = await session.ImportGltfAsync(Write("odd.gltf", b.ToGltf()));

        Assert.Equal(["animation", "orthographicCamera"], result.Unsupported.Select(u => u.Feature).Order(StringComparer.Ordinal));
        Assert.Equal(1, result.Triangles);
    }

    private sealed class SyncReporter<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _lock = new();

        public void Report(T value)
        {
            lock (_lock)
            {
                report(value);
            }
        }
    }
}
