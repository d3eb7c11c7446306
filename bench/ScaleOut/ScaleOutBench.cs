using System.Diagnostics;
using System.Globalization;
using OrleansBridge.Bench.Spine;
using OrleansBridge.Client;
using OrleansBridge.Tests;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Bench.ScaleOut;

/// <summary>
/// Scale-out figures (bench/README.md, "scaleout"): failover time, kill → CONNECTED on another silo,
/// over repeated SIGKILLs of the serving silo process; and how many sessions one silo with blob grain
/// storage carries before the p99 of a closed-loop echo doubles.
/// </summary>
internal sealed partial class ScaleOutBench : IBench
{
    private const string Token = "bench-token-0123456789abcdef";

    public string Name => "scaleout";

    public string Description => "failover time (SIGKILL of the serving silo → CONNECTED elsewhere) and active sessions per silo at 10 echo/s each (Azurite blob storage, folder storage)";

    /// <summary>The p99 an active session's echo must stay within.</summary>
    private const double ActiveP99GoalMs = 25;

    public async Task<int> RunAsync(string[] args)
    {
        var options = ScaleOutOptions.Parse(args);
        await using var azurite = await AzuriteProcess.StartAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string>
        {
            ["Bridge:Grains:Storage"] = "azure:" + azurite.BlobLocation("grains" + id),
            ["Bridge:Grains:ClusterId"] = "bench-" + id,
            ["Bridge:Grains:AdvertisedAddress"] = "127.0.0.1",
            ["Bridge:Applications:bridge:Cache"] = "azure:" + azurite.BlobLocation("cache" + id),
            ["Bridge:Applications:bridge:Limits:MaxSessions"] = "100000",
            ["Bridge:Applications:bridge:Limits:MaxSessionsPerTenant"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OrleansBridge.Sessions"] = "Information", // log 5601 carries the takeover's own duration
            ["Logging:LogLevel:OrleansBridge.Video"] = "Information",
        };
        Console.WriteLine($"scaleout on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; storage: Azurite on loopback");
        Console.WriteLine($"command: dotnet run -c Release --project bench -- scaleout {string.Join(' ', args)}");
        if (options.Only.Contains('f', StringComparison.Ordinal))
        {
            foreach (var membership in options.Membership == "both" ? ["shipped", "orleans"] : new[] { options.Membership })
            {
                var failover = new Dictionary<string, string>(settings);
                if (membership == "orleans")
                {
                    // Orleans' own defaults, over the product's (Silo/Hosting/MembershipDefaults.cs).
                    failover["Bridge:Grains:Membership:ProbeTimeout"] = "00:00:05";
                    failover["Bridge:Grains:Membership:NumMissedProbesLimit"] = "3";
                }

                Console.WriteLine($"membership settings: {(membership == "orleans" ? "Orleans' defaults (ProbeTimeout 5 s, NumMissedProbesLimit 3)" : "shipped (ProbeTimeout 0.5 s, NumMissedProbesLimit 2)")}");
                foreach (var backoff in new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1) })
                {
                    // A cluster of its own per run: the killed silos of the last run are still listed as
                    // active in the membership table, and a silo joining validates connectivity with them.
                    failover["Bridge:Grains:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..10];
                    await FailoverAsync(failover, options.Kills, backoff);
                }
            }
        }

        if (options.Only.Contains('r', StringComparison.Ordinal))
        {
            await RemoteStillAsync(settings);
        }

        if (options.Only.Contains('v', StringComparison.Ordinal))
        {
            await VideoGapAsync(settings, options.Kills);
        }

        if (options.Only.Contains('h', StringComparison.Ordinal))
        {
            await VideoHopAsync(settings, options.Seconds);
        }

        if (options.Only.Contains('g', StringComparison.Ordinal))
        {
            await EchoThroughGatewayAsync(settings);
        }

        if (options.Only.Contains('S', StringComparison.Ordinal))
        {
            // As before answers that change nothing could go out unstored: the figure to compare with.
            var storedFirst = new Dictionary<string, string>(settings) { ["Bridge:Sessions:UnstoredAnswerWindow"] = "00:00:00" };
            await SessionsPerSiloAsync(storedFirst, options, "blob grain storage on Azurite, UnstoredAnswerWindow 0: every answer stored before it is sent");
        }

        if (options.Only.Contains('s', StringComparison.Ordinal))
        {
            await SessionsPerSiloAsync(settings, options, "blob grain storage on Azurite, shipped settings: an echo's answer goes out at once, stored within 1 s");
        }

        if (options.Only.Contains('p', StringComparison.Ordinal))
        {
            var folder = settings.Where(s => s.Key is not ("Bridge:Grains:Storage" or "Bridge:Applications:bridge:Cache")).ToDictionary();
            await SessionsPerSiloAsync(folder, options, "folder grain storage under --data");
        }

        return 0;
    }

    private static async Task FailoverAsync(Dictionary<string, string> settings, int kills, TimeSpan backoff)
    {
        var root = Directory.CreateTempSubdirectory("scaleout-failover-");
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, $"s{i}")).FullName, settings, Token));
            }

            await using var balancer = new TcpBalancer(silos.Select(s => s.Port));
            await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{balancer.Port}/bridge"), Token,
                new BridgeClientOptions { InitialBackoff = backoff });
            var times = new double[kills];
            var retired = new List<System.Text.RegularExpressions.Match>();
            for (var k = 0; k < kills; k++)
            {
                await session.RequestAsync("echo", System.Text.Json.JsonSerializer.SerializeToElement(new { k })); // the session is live here
                var serving = silos.Single(s => s.Port == balancer.LastTarget);
                var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var resumesBefore = session.Resumes;
                void OnState(ClientStateChange change)
                {
                    if (change.State == ClientState.Connected && session.Resumes > resumesBefore)
                    {
                        connected.TrySetResult();
                    }
                }

                session.StateChanged += OnState;
                var start = Stopwatch.GetTimestamp();
                await serving.KillAsync();
                await connected.Task.WaitAsync(TimeSpan.FromSeconds(60));
                times[k] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                session.StateChanged -= OnState;

                // Keep three silos: the killed one comes back on a new port (as a restarted pod would).
                var index = silos.IndexOf(serving);
                var replacement = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, $"s{index}-{k}")).FullName, settings, Token);
                balancer.Replace(serving.Port, replacement.Port);
                retired.AddRange(TakeoverMilliseconds().Matches(serving.Output));
                await serving.DisposeAsync();
                silos[index] = replacement;
            }

            var takeovers = silos.SelectMany(s => TakeoverMilliseconds().Matches(s.Output)).Concat(retired)
                .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToArray();
            Array.Sort(times);
            if (takeovers.Length > 0)
            {
                Console.WriteLine($"  of which the takeover inside the new silo (log 5601: channel read back, rebuilt, fencing write), {takeovers.Length} logged: p50 {Rank(takeovers, 0.5):0.0} ms  max {takeovers[^1]:0.0} ms");
            }

            Console.WriteLine($"failover (SIGKILL → CONNECTED on another silo), SDK InitialBackoff {backoff.TotalMilliseconds:0} ms, {kills} kills: " +
                $"p50 {Rank(times, 0.5):0.0} ms  p99 {Rank(times, 0.99):0.0} ms  min {times[0]:0.0} ms  max {times[^1]:0.0} ms");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            root.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A 640×360 still (1 spp, PNG) rendered where the session is (one silo) and on a render silo (a
    /// session silo and a render silo, <c>--role render</c>): the first render (cold: the render
    /// silo reads the scene from the shared cache and builds its BVH) and the median of the next ten
    /// (warm), each timed from the SDK's request to its result. The render silo's
    /// <c>bridge_render_samples_total</c> shows where the renders ran.
    /// </summary>
    private static async Task RemoteStillAsync(Dictionary<string, string> settings)
    {
        const int Warm = 10;
        var input = new OrleansBridge.Rendering.RenderStillInput(Width: 640, Height: 360, Spp: 1, Format: "png");
        var root = Directory.CreateTempSubdirectory("scaleout-remote-");
        try
        {
            foreach (var remote in new[] { false, true })
            {
                var cluster = new Dictionary<string, string>(settings) { ["Bridge:Grains:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..10] };
                await using var render = remote
                    ? await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, "render")).FullName, new Dictionary<string, string>(cluster) { ["Bridge:Role"] = "render" }, Token)
                    : null;
                await using var silo = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, remote ? "session" : "alone")).FullName, cluster, Token);
                await using var session = await BridgeClient.ConnectAsync(silo.Url, Token);
                await DemoScene.CommitAsync(session);
                var times = new double[Warm + 1];
                for (var i = 0; i < times.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await session.RenderStillAsync(input);
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                var warm = times[1..];
                Array.Sort(warm);
                var where = render is null
                    ? "in the session's silo"
                    : $"on a render silo ({await RenderSamplesAsync(render.Port) / (640.0 * 360):0} spp rendered there)";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"still 640x360 1 spp png, {where}: first {times[0]:0.0} ms, next {Warm}: p50 {Rank(warm, 0.5):0.0} ms  max {warm[^1]:0.0} ms"));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static Task<double> RenderSamplesAsync(int port) => SamplesAsync(port, "bridge_render_samples_total{source=\"still\"}");

    private static async Task<double> SamplesAsync(int port, string series)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        return text.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Echo round trip of one session, closed loop, straight to a silo's own gateway and through a gateway
    /// process (<c>--role gateway</c>) in front of the same silo: what the extra process costs.
    /// </summary>
    private static async Task EchoThroughGatewayAsync(Dictionary<string, string> settings)
    {
        const int Warmup = 200;
        const int Measured = 2000;
        var root = Directory.CreateTempSubdirectory("scaleout-gateway-");
        var cluster = new Dictionary<string, string>(settings) { ["Bridge:Grains:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..10] };
        await using var silo = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, "silo")).FullName, cluster, Token);
        await using var gateway = await SiloProcess.StartAsync(Directory.CreateDirectory(Path.Combine(root.FullName, "gateway")).FullName,
            new Dictionary<string, string>(cluster) { ["Bridge:Role"] = "gateway" }, Token);
        try
        {
            // Direct, through the gateway, direct again: the first pass also warms Azurite and the JIT.
            foreach (var (name, port) in new[] { ("silo's own gateway", silo.Port), ("through a gateway process", gateway.Port), ("silo's own gateway, again", silo.Port) })
            {
                await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/bridge"), Token);
                var times = new double[Measured];
                for (var i = 0; i < Warmup + Measured; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await session.RequestAsync("echo", System.Text.Json.JsonSerializer.SerializeToElement(new { i }));
                    if (i >= Warmup)
                    {
                        times[i - Warmup] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                }

                Array.Sort(times);
                Console.WriteLine($"echo, one session, {name} (blob grain storage), {Measured} round trips: p50 {Rank(times, 0.5):0.000} ms  p99 {Rank(times, 0.99):0.000} ms");
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Active sessions per silo: each session sends <c>--rate</c> echoes a second, one in flight (the
    /// next leaves at its tick, or at once when the answer came after it), at each level of
    /// <c>--levels</c>; the curve of p50/p99 per level, and the largest level whose p99 stayed within
    /// <see cref="ActiveP99GoalMs"/>.
    /// </summary>
    private static async Task SessionsPerSiloAsync(Dictionary<string, string> settings, ScaleOutOptions options, string storage)
    {
        var root = Directory.CreateTempSubdirectory("scaleout-sessions-");
        await using var silo = await SiloProcess.StartAsync(root.FullName, settings, Token);
        Console.WriteLine($"active sessions per silo (one silo process, {storage}), each {options.Rate} echo/s with one in flight, {options.Seconds} s per level after 1 s unmeasured");
        Console.WriteLine("  sessions     msg/s   p50 ms   p99 ms   others %");
        var sessions = new List<BridgeSession>();
        var within = 0;
        try
        {
            foreach (var level in options.Levels)
            {
                sessions.AddRange(await SpineClients.OpenAsync(silo.Url, Token, level - sessions.Count, CancellationToken.None));
                var recorder = new LatencyRecorder(1 << 22);
                var measuring = new System.Runtime.CompilerServices.StrongBox<bool>(false);
                using var window = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds + 1));
                var period = TimeSpan.FromSeconds(1.0 / options.Rate);
                var loops = sessions.Select((s, i) => PacedEchoLoopAsync(s, period, i * period / sessions.Count, recorder, measuring, window.Token)).ToList();
                await Task.Delay(TimeSpan.FromSeconds(1));
                var load = MachineLoad.Take();
                var start = Stopwatch.GetTimestamp();
                measuring.Value = true;
                await Task.WhenAll(loops);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var summary = recorder.Summarize();
                if (summary.P99Ms <= ActiveP99GoalMs)
                {
                    within = level;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {level,8} {summary.Count / elapsed,9:0} {summary.P50Ms,8:0.00} {summary.P99Ms,8:0.00} {MachineLoad.Take().OthersPercentSince(load),10:0}"));
            }

            Console.WriteLine($"  largest level with p99 <= {ActiveP99GoalMs} ms: {within} sessions");
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }

            root.Delete(recursive: true);
        }
    }

    private static async Task PacedEchoLoopAsync(BridgeSession session, TimeSpan period, TimeSpan offset, LatencyRecorder recorder, System.Runtime.CompilerServices.StrongBox<bool> measuring, CancellationToken window)
    {
        var payload = System.Text.Json.JsonSerializer.SerializeToElement(new { pad = "0123456789abcdef" });
        var next = Stopwatch.GetTimestamp() + (long)(offset.TotalSeconds * Stopwatch.Frequency);
        var step = (long)(period.TotalSeconds * Stopwatch.Frequency);
        while (!window.IsCancellationRequested)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, window);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var start = Stopwatch.GetTimestamp();
            await session.SendAsync("echo", payload, CancellationToken.None);
            if (Volatile.Read(ref measuring.Value))
            {
                recorder.Record(Stopwatch.GetTimestamp() - start);
            }

            next = Math.Max(next + step, start);
        }
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    [System.Text.RegularExpressions.GeneratedRegex(@"taken over from storage in ([0-9.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex TakeoverMilliseconds();
}
