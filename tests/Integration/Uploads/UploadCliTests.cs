using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Spine;

namespace OrleansBridge.Tests.Uploads;

/// <summary>The built <c>bridge</c> program's <c>upload</c> and <c>cache</c> commands against a real server.</summary>
public sealed class UploadCliTests
{
    [Fact]
    public async Task Upload_Json_PrintsExactlyTheDocumentedShapePerFile()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var files = new TestDirectory();
        var first = Path.Combine(files.Path, "mesh.bin");
        var second = Path.Combine(files.Path, "texture.bin");
        await File.WriteAllBytesAsync(first, TestContent.Random(1_500_000, seed: 30));
        await File.WriteAllBytesAsync(second, TestContent.Random(1000, seed: 31));

        var (exit, stdout, stderr) = await CliTests.RunBridgeAsync("upload", first, second, first, "--server", server.Url.ToString(), "--token", BridgeTestServer.Token, "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["files"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var rows = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(["path", "hash", "size", "sentBytes", "cached", "seconds"], r.EnumerateObject().Select(p => p.Name)));
        Assert.Equal((first, 1_500_000L, 1_500_000L, false), Row(rows[0]));
        Assert.Equal((second, 1000L, 1000L, false), Row(rows[1]));
        Assert.Equal((first, 1_500_000L, 0L, true), Row(rows[2])); // the same file again: nothing sent
        Assert.Equal(ContentHash.Compute(await File.ReadAllBytesAsync(first)).ToString(), rows[0].GetProperty("hash").GetString());
        Assert.True(rows[0].GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(2, CacheFolder.Of(server).Entries().Count);
    }

    [Fact]
    public async Task CacheStatsAndGc_Json_ReportTheServersCache()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await CacheGcTests.UploadAndCloseAsync(server, TestContent.Random(5000, seed: 32));
        string[] common = ["--server", server.Url.ToString(), "--token", BridgeTestServer.Token, "--json"];

        var stats = await CliTests.RunBridgeAsync(["cache", "stats", .. common]);
        var gc = await CliTests.RunBridgeAsync("cache", "gc", "--min-age", "00:00:00", "--server", server.Url.ToString(), "--token", BridgeTestServer.AdminToken, "--json");
        var refused = await CliTests.RunBridgeAsync("cache", "gc", "--server", server.Url.ToString(), "--token", "wrong-token-wrong-token", "--json");

        Assert.True(stats.Exit == 0, stats.Stderr);
        using (var json = JsonDocument.Parse(stats.Stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("entries").GetInt64());
            Assert.Equal(5000, json.RootElement.GetProperty("bytes").GetInt64());
        }

        Assert.True(gc.Exit == 0, gc.Stderr);
        using (var json = JsonDocument.Parse(gc.Stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("deleted").GetInt64());
        }

        Assert.Equal(2, refused.Exit);
        using (var json = JsonDocument.Parse(refused.Stdout))
        {
            Assert.Equal(4201, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }
    }

    private static (string Path, long Size, long Sent, bool Cached) Row(JsonElement row) =>
        (row.GetProperty("path").GetString()!, row.GetProperty("size").GetInt64(), row.GetProperty("sentBytes").GetInt64(), row.GetProperty("cached").GetBoolean());
}
