using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene.Gltf;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Spine;

namespace OrleansBridge.Tests.Gltf;

/// <summary>
/// <c>scene.export</c> and <c>bridge export</c> against a real server: the Blender scene imported,
/// exported as GLB and as .gltf with its resources, passes the Khronos glTF-Validator, and imports
/// back (under the same prefix) to the manifest the server committed; a snapshot exports from a
/// later session.
/// </summary>
public sealed class GltfExportTests
{
    private static string TestData(string name) => RepositoryPaths.Under("tests", "TestData", "gltf", name);

    [Theory]
    [InlineData("scene.glb")]
    [InlineData("scene.gltf")]
    public async Task BridgeExport_ImportedBlenderScene_ValidatesAndImportsBackToTheSameManifest(string outputName)
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var folder = new TestDirectory();
        var output = Path.Combine(folder.Path, outputName);

        var run = await CliTests.RunBridgeAsync(["export", "--from", TestData("blender-scene.gltf"), "--prefix", "b/", output, "--json", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token]);

        Assert.True(run.Exit == 0, run.Stderr + run.Stdout);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(outputName, result.GetProperty("files")[0].GetProperty("name").GetString());
        var issues = await GltfValidator.ValidateAsync(output);
        Assert.True(issues.GetProperty("numErrors").GetInt32() == 0, issues.ToString());
        var again = GltfImporter.Import(await File.ReadAllBytesAsync(output),
            uri => File.Exists(Path.Combine(folder.Path, uri)) ? File.ReadAllBytes(Path.Combine(folder.Path, uri)) : null, new GltfImportOptions("b/"));
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(result.GetProperty("manifest").GetString(), SceneElementsLoader.ManifestHash(again.Elements).ToString());
    }

    [Fact]
    public async Task ExportGltfAsync_Snapshot_ExportsItFromAnotherSession()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var folder = new TestDirectory();
        string manifest;
        await using (var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token))
        {
            await first.ImportGltfAsync(TestData("blender-scene.glb"), new GltfImportRequest(string.Empty));
            manifest = (await first.SaveSnapshotAsync("exported")).Manifest.ToString();
        }

        await using var second = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var output = Path.Combine(folder.Path, "snapshot.glb");

        var result = await second.ExportGltfAsync(output, "exported");

        Assert.Equal(manifest, result.Manifest);
        var again = GltfImporter.Import(await File.ReadAllBytesAsync(output), _ => null, GltfImportOptions.Default);
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(manifest, SceneElementsLoader.ManifestHash(again.Elements).ToString());
    }

    [Fact]
    public async Task ExportGltfAsync_UnknownSnapshot_FailsWithItsCode()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var folder = new TestDirectory();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var error = await Assert.ThrowsAsync<BridgeRequestException>(() => session.ExportGltfAsync(Path.Combine(folder.Path, "x.glb"), "no-such-snapshot"));

        Assert.Equal(ErrorCode.SnapshotNotFound, error.Code);
    }
}
