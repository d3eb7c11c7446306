using System.Text.Json;
using OrleansBridge.Scene;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Spine;

namespace OrleansBridge.Tests.Scene;

/// <summary>The built <c>bridge</c> program's <c>snapshot</c> commands against a real server.</summary>
public sealed class SnapshotCliTests
{
    [Fact]
    public async Task SnapshotCommands_SaveListExportImportRemove_JsonOfEach()
    {
        await using var server = await BridgeTestServer.StartAsync();
        string[] common = ["--server", server.Url.ToString(), "--token", BridgeTestServer.Token, "--json"];
        var file = Path.Combine(Path.GetTempPath(), $"snapshot-{Guid.NewGuid():N}.json");

        var save = await CliTests.RunBridgeAsync(["snapshot", "save", "--name", "empty", .. common]);
        var list = await CliTests.RunBridgeAsync(["snapshot", "list", .. common]);
        var export = await CliTests.RunBridgeAsync(["snapshot", "export", "empty", .. common]);
        await File.WriteAllTextAsync(file, export.Stdout);
        var import = await CliTests.RunBridgeAsync(["snapshot", "import", file, "--file", .. common]);
        var remove = await CliTests.RunBridgeAsync(["snapshot", "remove", "empty", .. common]);
        var again = await CliTests.RunBridgeAsync(["snapshot", "remove", "empty", .. common]);
        File.Delete(file);

        Assert.True(save.Exit == 0, save.Stderr + save.Stdout);
        var emptyManifest = SceneManifest.Empty.ComputeHash().ToString();
        Assert.Equal(emptyManifest, JsonDocument.Parse(save.Stdout).RootElement.GetProperty("manifest").GetString()); // a new session's scene is empty
        Assert.Equal("empty", JsonDocument.Parse(list.Stdout).RootElement.GetProperty("snapshots")[0].GetProperty("name").GetString());
        Assert.Equal(1, JsonDocument.Parse(export.Stdout).RootElement.GetProperty("formatVersion").GetInt32());
        Assert.True(import.Exit == 0, import.Stderr + import.Stdout);
        Assert.Equal(emptyManifest, JsonDocument.Parse(import.Stdout).RootElement.GetProperty("manifest").GetString());
        Assert.Equal(0, remove.Exit);
        Assert.Equal(4722, JsonDocument.Parse(again.Stdout).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }
}
