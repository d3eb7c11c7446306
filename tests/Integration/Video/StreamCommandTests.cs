using System.Text.Json;
using OrleansBridge.Tests.Common;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Video;

/// <summary>The built <c>bridge stream</c> program against a real server rendering the demo scene.</summary>
public sealed class StreamCommandTests
{
    [Fact]
    public async Task BridgeStream_H264WithOrbit_WritesAnMp4ThatFfprobeReadsAndReportsEditToPhoton()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var dir = new TestDirectory();
        var mp4 = Path.Combine(dir.Path, "out.mp4");
        var (exit, stdout, stderr) = await Spine.CliTests.RunBridgeAsync("stream", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--seconds", "2", "--fps", "10", "--width", "160", "--height", "96", "--orbit", "--out", mp4, "--json");
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var frames = json.RootElement.GetProperty("frames").GetInt32();
        Assert.True(frames >= 2, stdout);
        Assert.True(json.RootElement.GetProperty("edits").GetInt32() > 0, stdout);
        Assert.True(json.RootElement.TryGetProperty("editToPhotonP50Ms", out _), stdout);
        var probe = await MediaProbe.ProbeVideoAsync(mp4);
        Assert.Equal(("h264", 160, 96, frames), probe);
    }

    [Fact]
    public async Task BridgeStream_Jpg_WritesNumberedFilesThatDecode()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var dir = new TestDirectory();
        var (exit, stdout, stderr) = await Spine.CliTests.RunBridgeAsync("stream", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--seconds", "1", "--fps", "5", "--format", "jpg", "--width", "80", "--height", "48", "--out", dir.Path);
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        var files = Directory.GetFiles(dir.Path, "frame-*.jpg").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        Assert.EndsWith("frame-00001.jpg", files[0], StringComparison.Ordinal);
        Assert.Equal(("mjpeg", 80, 48, 1), await MediaProbe.ProbeVideoAsync(files[^1]));
    }
}
