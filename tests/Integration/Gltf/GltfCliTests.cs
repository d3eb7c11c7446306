using System.Text.Json;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Spine;

namespace OrleansBridge.Tests.Gltf;

/// <summary>The built <c>bridge</c> program's <c>import</c> and <c>stats FILE</c> against a real server.</summary>
public sealed class GltfCliTests
{
    private static string TestData(string name) => RepositoryPaths.Under("tests", "TestData", "gltf", name);

    [Fact]
    public async Task BridgeImportAndStats_BlenderFiles_PrintTheImportAndTheScenesFigures()
    {
        await using var server = await BridgeTestServer.StartAsync();
        string[] common = ["--server", server.Url.ToString(), "--token", BridgeTestServer.Token];

        var import = await CliTests.RunBridgeAsync(["import", TestData("blender-scene.gltf"), "--prefix", "b/", "--json", .. common]);
        var text = await CliTests.RunBridgeAsync(["import", TestData("blender-scene.glb"), .. common]);
        var stats = await CliTests.RunBridgeAsync(["stats", TestData("blender-scene.glb"), "--json", .. common]);

        Assert.True(import.Exit == 0, import.Stderr + import.Stdout);
        var result = JsonDocument.Parse(import.Stdout).RootElement;
        Assert.Equal(238, result.GetProperty("triangles").GetInt64());
        Assert.Equal("b/", result.GetProperty("prefix").GetString());
        Assert.Equal("b/camera/Camera", result.GetProperty("cameras")[0].GetString());
        Assert.True(text.Exit == 0, text.Stderr + text.Stdout);
        Assert.Contains("meshes        3 (238 triangles", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("unsupported   none", text.Stdout, StringComparison.Ordinal);
        Assert.True(stats.Exit == 0, stats.Stderr + stats.Stdout);
        var figures = JsonDocument.Parse(stats.Stdout).RootElement;
        Assert.Equal(238, figures.GetProperty("triangles").GetInt64());
        Assert.Equal(3, figures.GetProperty("byKind").GetProperty("light").GetInt32());
    }

    [Fact]
    public async Task BridgeImport_TruncatedFile_PrintsTheCodeAndFails()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var folder = new TestDirectory();
        var cut = Path.Combine(folder.Path, "cut.glb");
        var glb = await File.ReadAllBytesAsync(TestData("blender-scene.glb"));
        await File.WriteAllBytesAsync(cut, glb[..^64]);

        var run = await CliTests.RunBridgeAsync(["import", cut, "--json", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token]);

        Assert.NotEqual(0, run.Exit);
        Assert.Equal(4730, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }
}
