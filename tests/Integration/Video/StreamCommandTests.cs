using System.Text.Json;
using OrleansBridge.Tests.Common;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Video;

/// <summary>The built <c>bridge stream</c> program against a real server rendering the demo scene.</summary>
public sealed class StreamCommandTests
{
    [Fact]
    public async Task BridgeStream_H264WithOrbit_WritesAnMp4ThatFfprobeReadsAndReportsEditToPhotonAndEachFramesTimeline()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var dir = new TestDirectory();
        var mp4 = Path.Combine(dir.Path, "out.mp4");
        var (exit, stdout, stderr) = await Spine.CliTests.RunBridgeAsync("stream", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--seconds", "2", "--fps", "10", "--width", "160", "--height", "96", "--orbit", "--out", mp4, "--json");
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var frames = root.GetProperty("frames").GetInt32();
        var seconds = root.GetProperty("seconds").GetDouble();
        var edits = root.GetProperty("edits").GetInt32();

        // One camera edit per 100 ms for 2 s, each waiting for its commit: 1 to 20.
        Assert.InRange(edits, 1, 20);
        // The server paces frames at --fps 10 and sends each edit's preview at once (docs/video.md): over the
        // time between the first frame and the last, at most 10 a second plus one per edit.
        Assert.True(frames >= 2 && frames - 1 <= Math.Ceiling(10 * seconds) + edits + 1, $"{frames} frames over {seconds} s at --fps 10 with {edits} edits: {stdout}");
        Assert.Equal((frames - 1) / seconds, root.GetProperty("meanFps").GetDouble(), tolerance: 0.05); // seconds is rounded to 1 ms
        var p50 = root.GetProperty("editToPhotonP50Ms").GetDouble();
        var p99 = root.GetProperty("editToPhotonP99Ms").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99 && p99 < 120_000, $"edit-to-photon p50 {p50} ms, p99 {p99} ms: {stdout}");
        Assert.Contains(root.GetProperty("encoder").GetString(), new[] { "libx264", "h264_nvenc" });
        Assert.Equal(mp4, root.GetProperty("out").GetString());
        var probe = await MediaProbe.ProbeVideoAsync(mp4);
        Assert.Equal(("h264", 160, 96, frames), probe);

        // One timeline per frame, in order; each frame of an edit this client sent has its edit-to-photon,
        // and the server's span (sent) fits inside it.
        var timelines = root.GetProperty("timelines").EnumerateArray().ToArray();
        Assert.Equal(frames, timelines.Length);
        Assert.Equal(Enumerable.Range(1, frames).Select(n => (long)n), timelines.Select(t => t.GetProperty("frame").GetInt64()));
        var names = new[] { "committed", "loaded", "renderStart", "renderEnd", "encodeStart", "encodeEnd", "sent" };
        var edited = 0;
        foreach (var line in timelines)
        {
            var timeline = line.GetProperty("timeline");
            var offsets = names.Select(n => timeline.GetProperty(n).GetDouble()).Prepend(0).ToArray();
            Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second), $"stages out of order: {line}");
            Assert.Equal(line.GetProperty("spp").GetInt32(), timeline.GetProperty("samples").GetInt32());
            if (line.TryGetProperty("editToPhotonMs", out var editToPhoton))
            {
                edited++;
                Assert.True(offsets[^1] <= editToPhoton.GetDouble(), $"the server's span exceeds the client's edit-to-photon: {line}");
                Assert.Equal(editToPhoton.GetDouble() - offsets[^1], line.GetProperty("transitMs").GetDouble(), tolerance: 0.02);
            }
        }

        Assert.True(edited > 0, $"no frame named an edit of this client: {stdout}");
    }

    [Fact]
    public async Task BridgeStream_H264IntoAFolderThatDoesNotExist_FailsWithFfmpegsReason()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var dir = new TestDirectory();
        var mp4 = Path.Combine(dir.Path, "missing", "out.mp4");
        var (exit, stdout, stderr) = await Spine.CliTests.RunBridgeAsync("stream", "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--seconds", "1", "--fps", "10", "--width", "64", "--height", "48", "--out", mp4);
        Assert.True(exit != 0, $"exit {exit}: {stdout} {stderr}");
        var output = stdout + stderr;
        Assert.Contains("ffmpeg could not write the MP4", output, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", output, StringComparison.Ordinal); // ffmpeg's own words
        Assert.False(File.Exists(mp4));
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
        Assert.InRange(files.Length, 1, 5 * 1 + 2); // 1 s at 5 frames a second, plus the first frame before the clock starts
        Assert.Equal(Enumerable.Range(1, files.Length).Select(n => $"frame-{n:00000}.jpg"), files.Select(Path.GetFileName));
        Assert.Equal(("mjpeg", 80, 48, 1), await MediaProbe.ProbeVideoAsync(files[^1]));
    }

    [Fact]
    public async Task BridgeStream_GlbFile_ImportsItAndStreamsThroughTheOrbitCamera()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var glb = RepositoryPaths.Under("tests", "TestData", "gltf", "blender-scene.glb");
        var (exit, stdout, stderr) = await Spine.CliTests.RunBridgeAsync("stream", glb, "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--seconds", "1", "--fps", "5", "--format", "png", "--width", "64", "--height", "48", "--json");
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.InRange(json.RootElement.GetProperty("frames").GetInt32(), 1, 5 * 1 + 2);
        Assert.Equal(0, json.RootElement.GetProperty("edits").GetInt32()); // no --orbit: no edits, no latency
        Assert.False(json.RootElement.TryGetProperty("editToPhotonP50Ms", out _), stdout);
    }
}
