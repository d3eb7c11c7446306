using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using OrleansBridge.Bench.Video;
using OrleansBridge.Client;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Bench.ScaleOut;

/// <summary>Video with render silos: the stream gap when the serving render silo dies, and what the hop between silos costs.</summary>
internal sealed partial class ScaleOutBench
{
    private const string VideoSamplesSeries = "bridge_render_samples_total{source=\"video\"}";

    /// <summary>
    /// A 640×360 H.264 stream at 30 fps from a session silo whose contexts render on one of two render
    /// silos (processes; Azurite membership and cache). <paramref name="kills"/> times: let it stream, find
    /// the render silo serving it (its video samples grow), SIGKILL it, and time the gap the client sees —
    /// from the last frame before the first keyframe the other silo sends to that keyframe — and from the
    /// kill to that keyframe; then start a replacement render silo (as a restarted pod would).
    /// </summary>
    private static async Task VideoGapAsync(Dictionary<string, string> settings, int kills)
    {
        var cluster = new Dictionary<string, string>(settings) { ["Bridge:Grains:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..10] };
        var renderSettings = new Dictionary<string, string>(cluster) { ["Bridge:Role"] = "render" };
        var root = Directory.CreateTempSubdirectory("scaleout-video-");
        var renders = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                renders.Add(await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, $"r{i}")).FullName, renderSettings, Token));
            }

            await using var silo = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, "session")).FullName, cluster, Token);
            await using var session = await BridgeClient.ConnectAsync(silo.Url, Token);
            await DemoScene.CommitAsync(session);
            var frames = Channel.CreateUnbounded<VideoFrame>();
            var errors = 0;
            var video = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 640, Height: 360, Format: "h264", MaxFps: 30), context =>
            {
                context.FrameReceived += f => frames.Writer.TryWrite(f);
                context.Error += _ => Interlocked.Increment(ref errors);
            });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120 + (30 * kills)));
            await frames.Reader.ReadAsync(timeout.Token);
            var gaps = new double[kills];
            var sinceKill = new double[kills];
            var reopened = new List<double>();
            var firsts = new List<VideoFrameInfo>();
            var killedAt = new DateTimeOffset[kills];
            for (var k = 0; k < kills; k++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token); // streaming; the cluster has learned of the last replacement
                var serving = await ServingAsync(renders);
                VideoFrame? last = null;
                while (frames.Reader.TryRead(out var earlier))
                {
                    last = earlier;
                }

                var killed = Stopwatch.GetTimestamp();
                killedAt[k] = DateTimeOffset.UtcNow;
                await serving.KillAsync();
                VideoFrame frame;
                while (true)
                {
                    frame = await frames.Reader.ReadAsync(timeout.Token);
                    if (frame.Info.Keyframe && frame.ReceivedTimestamp > killed)
                    {
                        break; // the first frame of the context opened again on the other silo
                    }

                    last = frame;
                }

                firsts.Add(frame.Info);
                gaps[k] = Stopwatch.GetElapsedTime(last?.ReceivedTimestamp ?? killed, frame.ReceivedTimestamp).TotalMilliseconds;
                sinceKill[k] = Stopwatch.GetElapsedTime(killed, frame.ReceivedTimestamp).TotalMilliseconds;
                var index = renders.IndexOf(serving);
                await serving.DisposeAsync();
                renders[index] = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, $"r{index}-{k}")).FullName, renderSettings, Token);
            }

            // The session silo's log 5507 (the context opened again on the other silo), each after its kill.
            var reopens = ReopenedAt().Matches(silo.Output).Select(m => DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToList();
            foreach (var (at, next) in killedAt.Zip(killedAt.Skip(1).Append(DateTimeOffset.MaxValue)))
            {
                // Only a reopening before the next kill: a kill whose session resumed had its context attached, not opened again.
                if (reopens.FirstOrDefault(r => r > at && r < next) is { } r && r != default)
                {
                    reopened.Add((r - at).TotalMilliseconds);
                }
            }

            Array.Sort(gaps);
            Array.Sort(sinceKill);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"video 640x360 h264 at 30 fps on a render silo, {kills} SIGKILLs of the serving one: stream gap (last frame before → keyframe from the other) " +
                $"p50 {Rank(gaps, 0.5):0} ms  p99 {Rank(gaps, 0.99):0} ms  max {gaps[^1]:0} ms; kill → that keyframe p50 {Rank(sinceKill, 0.5):0} ms  p99 {Rank(sinceKill, 0.99):0} ms"));
            if (reopened.Count > 0)
            {
                var split = reopened.Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  of which kill → opened again on the other silo (the session silo's log 5507, wall clock), {split.Length} of {kills} kills (the others' sessions resumed and attached): p50 {Rank(split, 0.5):0} ms  max {split[^1]:0} ms"));
            }

            static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
            var timelines = firsts.Where(f => f.Timeline is not null).Select(f => f.Timeline!).ToList();
            if (timelines.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  the first frame on the other silo, from its opening there (median): scene loaded {Median(timelines.Select(t => t.Loaded)):0} ms, rendered in {Median(timelines.Select(t => t.RenderEnd - t.RenderStart)):0} ms " +
                    $"(pixel size {Median(firsts.Select(f => (double)f.PixelSize)):0}), encoded in {Median(timelines.Select(t => t.EncodeEnd - t.EncodeStart)):0} ms"));
            }

            Console.WriteLine($"  video.error events {errors}, contexts the SDK opened again {video.Reopens}, session resumes {session.Resumes} (the dead silo held the session's directory entry)");
        }
        finally
        {
            foreach (var render in renders)
            {
                await render.DisposeAsync();
            }

            root.Delete(recursive: true);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"Timestamp\":\"([^\"]+)\",\"EventId\":5507,")]
    private static partial System.Text.RegularExpressions.Regex ReopenedAt();

    /// <summary>The render silo whose video samples grow (the one the stream renders on).</summary>
    private static async Task<SiloProcess> ServingAsync(List<SiloProcess> renders)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = await Task.WhenAll(renders.Select(r => SamplesAsync(r.Port, VideoSamplesSeries)));
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var after = await Task.WhenAll(renders.Select(r => SamplesAsync(r.Port, VideoSamplesSeries)));
            var growing = renders.Where((_, i) => after[i] > before[i]).ToList();
            if (growing.Count == 1 || attempt == 20)
            {
                return growing.Count == 1 ? growing[0] : throw new InvalidOperationException("No render silo renders the stream.");
            }
        }
    }

    /// <summary>
    /// 1280×720 H.264 edit-to-photon and a stream with the camera moving every frame period (bench
    /// video's figures), rendered in the session's silo process, then on a render silo process beside
    /// it: what the hop between silos costs each frame. Both on the same machine, the same Azurite.
    /// </summary>
    private static async Task VideoHopAsync(Dictionary<string, string> settings, int seconds)
    {
        var root = Directory.CreateTempSubdirectory("scaleout-hop-");
        try
        {
            foreach (var remote in new[] { false, true })
            {
                var cluster = new Dictionary<string, string>(settings) { ["Bridge:Grains:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..10] };
                await using var render = remote
                    ? await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, "render")).FullName,
                        new Dictionary<string, string>(cluster) { ["Bridge:Role"] = "render" }, StreamFigures.Token)
                    : null;
                await using var silo = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, remote ? "session" : "alone")).FullName, cluster, StreamFigures.Token);
                Console.WriteLine(remote ? "-- rendered on a render silo process, frames through the session's silo process:" : "-- rendered in the session's silo process:");
                await StreamFigures.EditToPhotonAsync(silo.Url, 1280, 720, 20);
                await StreamFigures.SustainedMovingAsync(silo.Url, 1280, 720, TimeSpan.FromSeconds(seconds));
                var here = await SamplesAsync(silo.Port, VideoSamplesSeries);
                var there = render is null ? 0 : await SamplesAsync(render.Port, VideoSamplesSeries);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   video samples rendered: session silo {here:0}, render silo {there:0}"));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
