using System.Diagnostics;
using System.Text.Json;
using OrleansBridge.Bench.Spine;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Bench.Soak;

/// <summary>
/// <c>bench soak --sessions N --minutes M</c>: N SDK sessions, each behind a TCP relay of its own, run
/// echoes, scene commits and uploads in a closed loop against the Silo executable in its own process,
/// while a driver cuts random sessions' connections (RST on both legs, no Close) so they resume. It
/// prints, per interval, operations and p50/p99 latency, drops and resumes, and the server's RSS; at the
/// end lost answers (a request that failed or never came back), duplicates (a commit version that
/// skipped: a commit applied twice) and mismatches (an answer that is not its request's), and the
/// RSS slope. Goals: 0 lost, 0 duplicated, RSS flat.
/// <para>
/// Every upload stores new content by default, so the cache, and the ledger's memory with it (about
/// 150 bytes per entry: its charge, its pin count, the session's pin), grows for as long as the soak
/// runs. <c>--distinct-uploads N</c> draws each upload from N seeded contents instead, so the cache
/// reaches a steady state and the RSS slope measures what the server keeps, not what it was given.
/// </para>
/// </summary>
public sealed class SoakBench : IBench
{
    private const string Token = "soak-token-0123456789abcdef";

    public string Name => "soak";

    public string Description => "N sessions with random drops, resumes, uploads and commits for M minutes: lost/duplicated, RSS over time, p99 per interval";

    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = SoakOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: soak [--sessions N (200)] [--minutes M (30)] [--interval-seconds S (60)] [--drops-per-minute D (sessions/2)] [--mix echo,commit,upload percent (60,25,15)] [--distinct-uploads N (0: every upload new)] [--seed n]");
            return 2;
        }

        await using var server = await ExternalServer.StartAsync(Token, CancellationToken.None);
        Console.WriteLine($"command: dotnet run -c Release --project bench -- soak {string.Join(' ', args)}");
        Console.WriteLine($"server: {server.Executable} ({SpineServerArgs.Describe()}); machine: {Environment.ProcessorCount} cores");
        var tally = new SoakTally();
        var relays = new List<LoopbackRelay>();
        var sessions = new List<BridgeSession>();
        try
        {
            for (var i = 0; i < options.Sessions; i++)
            {
                var relay = new LoopbackRelay(server.Url);
                relays.Add(relay);
                sessions.Add(await BridgeClient.ConnectAsync(relay.Url, Token, new BridgeClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(20) }));
            }

            var duration = TimeSpan.FromMinutes(options.Minutes);
            using var stop = new CancellationTokenSource(duration);
            var clock = Stopwatch.StartNew();
            var workers = sessions.Select((s, i) => WorkAsync(s, i, options, tally, stop.Token)).ToList();
            var dropping = DropAsync(relays, options, tally, stop.Token);

            Console.WriteLine();
            Console.WriteLine($"{"interval",8} {"ops",8} {"p50 ms",8} {"p99 ms",8} {"drops",6} {"resumes",8} {"RSS MiB",8}");
            var rss = new List<(double Minutes, double MiB)>();
            for (var interval = 0; !stop.IsCancellationRequested; interval++)
            {
                try
                {
                    await Task.Delay(options.Interval, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // The soak's time is up; report the partial interval too.
                }

                var (ops, p50, p99) = tally.TakeInterval();
                var mib = server.ResidentKiB() / 1024.0;
                rss.Add((clock.Elapsed.TotalMinutes, mib));
                Console.WriteLine($"{interval + 1,8} {ops,8} {p50,8:0.0} {p99,8:0.0} {tally.Drops,6} {sessions.Sum(s => s.Resumes),8} {mib,8:0.0}");
            }

            await Task.WhenAll(workers);
            await dropping;
            Console.WriteLine();
            Console.WriteLine($"sessions {options.Sessions}, {clock.Elapsed.TotalMinutes:0.0} min: {tally.Operations} operations ({tally.Echoes} echoes, {tally.Commits} commits, {tally.Uploads} uploads), {tally.Drops} drops, {sessions.Sum(s => s.Resumes)} resumes");
            Console.WriteLine($"lost {tally.Lost}, duplicated {tally.Duplicated}, mismatched {tally.Mismatched}" + (tally.FirstFault is { } fault ? $" (first: {fault})" : string.Empty));
            Console.WriteLine($"RSS slope after the first interval: {Slope(rss.Skip(1).ToList()):0.00} MiB/min (from {rss[0].MiB:0.0} to {rss[^1].MiB:0.0} MiB)");
            return tally.Lost + tally.Duplicated + tally.Mismatched == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }

            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }
        }
    }

    /// <summary>One session's closed loop: echoes, commits and uploads of 16–64 KiB in the <c>--mix</c> shares.</summary>
    private static async Task WorkAsync(BridgeSession session, int index, SoakOptions options, SoakTally tally, CancellationToken stop)
    {
        var random = new Random(options.Seed + index);
        var expectedVersion = (await session.GetSceneHeadAsync(CancellationToken.None)).Version + 1;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var started = Stopwatch.GetTimestamp();
            var kind = random.Next(100);
            try
            {
                // Each operation gets a minute: a request that does not come back by then is lost.
                using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                if (kind < options.EchoPercent)
                {
                    var echoed = await session.RequestAsync("echo", JsonSerializer.SerializeToElement(new { session = index, n }), limit.Token);
                    tally.Echo(echoed.GetProperty("session").GetInt32() == index && echoed.GetProperty("n").GetInt32() == n, $"echo {index}/{n} came back as {echoed}");
                }
                else if (kind < options.EchoPercent + options.CommitPercent)
                {
                    await using var transaction = session.BeginTransaction();
                    transaction.Put("soak/light", new LightElement("point", [1, 1, 1], n % 100 + 1));
                    var commit = await transaction.CommitAsync(limit.Token);
                    tally.Commit(commit.Version, expectedVersion, $"session {index}: commit {n} got version {commit.Version}, expected {expectedVersion}");
                    expectedVersion = commit.Version + 1;
                }
                else
                {
                    var data = UploadContent(random, options);
                    var uploaded = await session.UploadAsync(new MemoryStream(data), cancellationToken: limit.Token);
                    tally.Upload(uploaded.Hash == ContentHash.Compute(data), $"upload {index}/{n} stored as {uploaded.Hash}");
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested || ex is not OperationCanceledException)
            {
                tally.Lose($"session {index} operation {n}: {ex.GetType().Name}: {ex.Message}");
            }
            catch (OperationCanceledException)
            {
                return; // the soak ended while this one waited; not lost
            }

            tally.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Cuts a random session's connection at random times, <c>--drops-per-minute</c> on average.</summary>
    private static async Task DropAsync(List<LoopbackRelay> relays, SoakOptions options, SoakTally tally, CancellationToken stop)
    {
        var random = new Random(options.Seed);
        var mean = 60.0 / Math.Max(1, options.DropsPerMinute);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(-mean * Math.Log(1 - random.NextDouble())), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            tally.Dropped(relays[random.Next(relays.Count)].CutAll());
        }
    }

    /// <summary>16–64 KiB of new random bytes, or one of <c>--distinct-uploads</c> seeded contents.</summary>
    private static byte[] UploadContent(Random random, SoakOptions options)
    {
        var source = options.DistinctUploads > 0 ? new Random(unchecked((options.Seed * 1_000_003) + random.Next(options.DistinctUploads))) : random;
        var data = new byte[source.Next(16 << 10, 64 << 10)];
        source.NextBytes(data);
        return data;
    }

    /// <summary>Least-squares slope of MiB over minutes; 0 with fewer than two samples.</summary>
    private static double Slope(List<(double Minutes, double MiB)> samples)
    {
        if (samples.Count < 2)
        {
            return 0;
        }

        var mx = samples.Average(s => s.Minutes);
        var my = samples.Average(s => s.MiB);
        var num = samples.Sum(s => (s.Minutes - mx) * (s.MiB - my));
        var den = samples.Sum(s => (s.Minutes - mx) * (s.Minutes - mx));
        return den == 0 ? 0 : num / den;
    }
}
