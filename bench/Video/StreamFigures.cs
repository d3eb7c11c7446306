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
    /// arrival of the first frame that names it (the preview: coarse when a full-resolution sample would
    /// not fit the frame budget) and of the first full-resolution frame that names it; the next edit
    /// follows that full-resolution frame.
    /// </summary>
    public static async Task EditToPhotonAsync(Uri url, int width, int height, int edits)
    {
        await using var session = await BridgeClient.ConnectAsync(url, Token);
        await DemoScene.CommitAsync(session);
        var arrivals = new ConcurrentDictionary<string, (long First, int PixelSize, long Full, VideoFrame Frame, VideoFrame? FullFrame)>(StringComparer.Ordinal);
        var waiting = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.VideoFrameReceived += frame =>
        {
            first.TrySetResult();
            if (frame.Info.Transaction is not { } tx)
            {
                return;
            }

            var full = frame.Info.PixelSize == 1 ? frame.ReceivedTimestamp : 0;
            var fullFrame = full != 0 ? frame : null;
            var now = arrivals.AddOrUpdate(tx, (frame.ReceivedTimestamp, frame.Info.PixelSize, full, frame, fullFrame),
                (_, old) => old.Full != 0 ? old : old with { Full = full, FullFrame = fullFrame });
            if (now.Full != 0 && waiting.TryRemove(tx, out var done))
            {
                done.TrySetResult();
            }
        };
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: width, Height: height, Format: "h264", MaxFps: 30));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var latencies = new List<double>();
        var fullLatencies = new List<double>();
        var coarse = new List<int>();
        var shares = new TimelineShares();
        var fullShares = new TimelineShares();
        for (var i = 0; i < edits; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var commit = await DemoScene.Camera.MoveAsync(session, 0.2f * (i + 1));
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[commit.Transaction] = done;
            if (!(arrivals.TryGetValue(commit.Transaction, out var early) && early.Full != 0))
            {
                await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            waiting.TryRemove(commit.Transaction, out _);
            var arrived = arrivals[commit.Transaction];
            latencies.Add(VideoBench.Ms(sent, arrived.First));
            fullLatencies.Add(VideoBench.Ms(sent, arrived.Full));
            shares.Add(latencies[^1], arrived.Frame);
            fullShares.Add(fullLatencies[^1], arrived.FullFrame!);
            if (arrived.PixelSize > 1)
            {
                coarse.Add(arrived.PixelSize);
            }
        }

        await video.CloseAsync();
        var (p50, p99, mean) = VideoBench.Percentiles(latencies);
        var (f50, f99, fmean) = VideoBench.Percentiles(fullLatencies);
        Console.WriteLine($"edit-to-photon {width}x{height} h264, {edits} camera edits: p50 {p50:0.0} ms, p99 {p99:0.0} ms, mean {mean:0.0} ms ({coarse.Count} of {edits} first frames coarse{(coarse.Count > 0 ? $", pixel size {coarse.Min()}–{coarse.Max()}" : "")})");
        Console.WriteLine($"  to the first full-resolution frame: p50 {f50:0.0} ms, p99 {f99:0.0} ms, mean {fmean:0.0} ms");
        shares.Print("the first frame of each edit");
        fullShares.Print("the first full-resolution frame of each edit");
    }

    /// <summary>
    /// A stream whose camera moves every frame period (30 a second, each move one camera transaction,
    /// the next sent at its tick or as soon as the last was committed): frames per second received,
    /// how many of them show a view the previous frame did not, and each move's edit-to-photon to the
    /// first frame naming it (moves overtaken by the next one before a frame showed them are counted
    /// apart).
    /// </summary>
    public static async Task SustainedMovingAsync(Uri url, int width, int height, TimeSpan duration)
    {
        await using var session = await BridgeClient.ConnectAsync(url, Token);
        await DemoScene.CommitAsync(session);
        var frames = 0L;
        var newViews = 0L;
        string? lastView = null;
        var shown = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = 0L;
        var gate = new Lock();
        session.VideoFrameReceived += frame =>
        {
            if (first.TrySetResult())
            {
                start = frame.ReceivedTimestamp;
                return;
            }

            lock (gate)
            {
                frames++;
                if (frame.Info.Transaction is { } tx && tx != lastView)
                {
                    newViews++;
                    lastView = tx;
                    shown.TryAdd(tx, frame.ReceivedTimestamp);
                }
            }
        };
        var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: width, Height: height, Format: "h264", MaxFps: 30, TargetKbps: 6000, MaxKbps: 12000));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var period = TimeSpan.FromSeconds(1.0 / 30);
        var sent = new List<(string Transaction, long At)>();
        var moving = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        for (var i = 0; moving.Elapsed < duration; i++)
        {
            var at = Stopwatch.GetTimestamp();
            var commit = await DemoScene.Camera.MoveAsync(session, 0.02f * (i + 1));
            sent.Add((commit.Transaction, at));
            next += period;
            var wait = next - moving.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        double seconds;
        long received;
        long views;
        lock (gate)
        {
            seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            received = frames;
            views = newViews;
        }

        await video.CloseAsync();
        var latencies = sent.Where(s => shown.ContainsKey(s.Transaction)).Select(s => VideoBench.Ms(s.At, shown[s.Transaction])).ToList();
        var (p50, p99, _) = latencies.Count > 0 ? VideoBench.Percentiles(latencies) : (double.NaN, double.NaN, double.NaN);
        Console.WriteLine($"sustained {width}x{height} h264 at maxFps 30 with the camera moving every frame period for {moving.Elapsed.TotalSeconds:0.0} s: {received / seconds:0.0} fps, " +
            $"{views / seconds:0.0} new views/s; {sent.Count} moves committed ({sent.Count / moving.Elapsed.TotalSeconds:0.0}/s), {latencies.Count} shown before the next overtook them, their edit-to-photon p50 {p50:0.0} ms, p99 {p99:0.0} ms");
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
