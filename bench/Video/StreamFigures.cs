using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansBridge.Client;
using OrleansBridge.Video;

namespace OrleansBridge.Bench.Video;

/// <summary>Figures over the real server and SDK on loopback, rendering the SDK's demo scene.</summary>
internal static class StreamFigures
{
    public const string Token = "video-bench-token-0123456789";

    /// <summary>
    /// Camera edits one after another: each is timed from just before its transaction is sent to the
    /// arrival of the first frame that names it (the one-sample preview); the next edit follows that frame.
    /// </summary>
    public static async Task EditToPhotonAsync(Uri url, int width, int height, int edits)
    {
        await using var session = await BridgeClient.ConnectAsync(url, Token);
        await DemoScene.CommitAsync(session);
        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var waiting = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.VideoFrameReceived += frame =>
        {
            first.TrySetResult();
            if (frame.Info.Transaction is { } tx && arrivals.TryAdd(tx, frame.ReceivedTimestamp) && waiting.TryRemove(tx, out var done))
            {
                done.TrySetResult(frame.ReceivedTimestamp);
            }
        };
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: width, Height: height, Format: "h264", MaxFps: 30));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var latencies = new List<double>();
        for (var i = 0; i < edits; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var commit = await DemoScene.Camera.MoveAsync(session, 0.2f * (i + 1));
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[commit.Transaction] = done;
            var arrived = arrivals.TryGetValue(commit.Transaction, out var early) ? early : await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            waiting.TryRemove(commit.Transaction, out _);
            latencies.Add(VideoBench.Ms(sent, arrived));
        }

        await video.CloseAsync();
        var (p50, p99, mean) = VideoBench.Percentiles(latencies);
        Console.WriteLine($"edit-to-photon {width}x{height} h264, {edits} camera edits: p50 {p50:0.0} ms, p99 {p99:0.0} ms, mean {mean:0.0} ms");
    }

    /// <summary>A stream left running: frames and payload bits per second received, frames dropped, while the render refines.</summary>
    public static async Task SustainedAsync(Uri url, int width, int height, TimeSpan duration)
    {
        await using var session = await BridgeClient.ConnectAsync(url, Token);
        await DemoScene.CommitAsync(session);
        long frames = 0;
        long bytes = 0;
        long dropped = 0;
        var spp = 0;
        var encodeMs = new List<double>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = 0L;
        session.VideoFrameReceived += frame =>
        {
            if (first.TrySetResult())
            {
                start = frame.ReceivedTimestamp;
                return;
            }

            lock (encodeMs)
            {
                frames++;
                bytes += frame.Data.Length;
                dropped = frame.Info.Dropped;
                spp = frame.Info.Spp;
                encodeMs.Add(frame.Info.EncodeMs);
            }
        };
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: width, Height: height, Format: "h264", MaxFps: 30, TargetKbps: 6000, MaxKbps: 12000, Spp: 4096));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await Task.Delay(duration);
        double seconds;
        lock (encodeMs)
        {
            seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        await video.CloseAsync();
        var (_, p99, mean) = VideoBench.Percentiles(encodeMs);
        Console.WriteLine($"sustained {width}x{height} h264 at maxFps 30 for {seconds:0.0} s while rendering: {frames / seconds:0.0} fps, {bytes * 8 / 1000.0 / seconds:0} kbit/s, " +
            $"{dropped} dropped, {spp} spp reached, encode {mean:0.0} ms mean / {p99:0.0} ms p99 per frame");
    }
}
