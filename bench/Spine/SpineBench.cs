using System.Security.Cryptography;
using OrleansBridge.Client;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// The spine of the product measured end to end: the real server (in this process, and once in its
/// own process for memory) and the real SDK over loopback WebSockets. Prints connect, resume and
/// echo latencies and memory per idle session; see bench/README.md.
/// </summary>
public sealed class SpineBench : IBench
{
    /// <summary>The whole run's bound; every phase is also bounded by its own counts.</summary>
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(15);

    /// <summary>Durable writes timed for context.</summary>
    private const int StorageWrites = 200;

    public string Name => "spine";

    public string Description => "connect, resume, echo round trip and memory per idle session, real server and SDK on loopback";

    public async Task<int> RunAsync(string[] args)
    {
        if (!SpineOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            return 1;
        }

        using var deadline = new CancellationTokenSource(RunDeadline);
        var cancel = deadline.Token;
        var token = "spine-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var report = new SpineReport();
        // d) first, on servers of its own, so the pools the other figures fill up are not shrinking meanwhile.
        if (options.Runs('d'))
        {
            await MemoryAsync(token, options, report, cancel);
        }

        Uri? url = null;
        if (options.Runs('a') || options.Runs('b') || options.Runs('c'))
        {
            await using var server = await InProcessServer.StartAsync(token, cancel);
            url = server.Url;
            await LatenciesAsync(server, token, options, report, cancel);
        }

        Console.WriteLine();
        Console.Write(report.Render(args, url, $"memory per idle session ({options.Idle} sessions)"));
        return 0;
    }

    private static async Task LatenciesAsync(InProcessServer server, string token, SpineOptions options, SpineReport report, CancellationToken cancel)
    {
        if (options.Runs('a') || options.Runs('b'))
        {
            Progress($"storage: {StorageWrites} durable writes");
            var load = MachineLoad.Take();
            var storage = await StorageFigure.RunAsync(StorageWrites, cancel);
            report.AddLatency($"   (context) grain-state write, {StorageWrites} sequential", storage, MachineLoad.Take().OthersPercentSince(load),
                "FolderGrainStorage.WriteStateAsync: temp file, fsync, rename");
        }

        if (options.Runs('a'))
        {
            Progress($"a) {options.Connects} sequential connects");
            var load = MachineLoad.Take();
            var connect = await HandshakeFigure.RunAsync(server.Url, token, options.Connects, cancel);
            report.AddLatency($"a) connect -> CONNECTED, {options.Connects} sequential", connect, MachineLoad.Take().OthersPercentSince(load),
                $"{connect.Count / (connect.TotalMs / 1000):F0} connects/s (n / sum of connect times)");
        }

        if (options.Runs('b'))
        {
            await ResumeAsync(server, token, options, report, cancel);
        }

        if (options.Runs('c'))
        {
            await EchoAsync(server, token, options, report, cancel);
        }
    }

    private static async Task ResumeAsync(InProcessServer server, string token, SpineOptions options, SpineReport report, CancellationToken cancel)
    {
        await using var relay = new LoopbackRelay(server.Url);
        var defaultBackoff = new BridgeClientOptions().InitialBackoff;
        var drops = new (string Name, Uri Url, Func<BridgeSession, int> Drop)[]
        {
            ("DropSession", server.Url, s => server.Connections.DropSession(s.SessionId)),
            ("network cut", relay.Url, _ => relay.CutAll()),
        };
        foreach (var (name, dropUrl, drop) in drops)
        {
            foreach (var backoff in new[] { defaultBackoff, TimeSpan.FromMilliseconds(1) })
            {
                var label = backoff == defaultBackoff ? $"DEFAULT InitialBackoff {backoff.TotalMilliseconds:F0} ms" : $"InitialBackoff {backoff.TotalMilliseconds:F0} ms";
                Progress($"b) {options.Drops} drops by {name}, {label}");
                var load = MachineLoad.Take();
                var resume = await ResumeFigure.RunAsync(dropUrl, token, drop, backoff, options.Drops, cancel);
                report.AddLatency($"b) {name} -> CONNECTED, {label}", resume.Latency, MachineLoad.Take().OthersPercentSince(load),
                    resume.Failure ?? $"includes the SDK's first wait of 0.5-1 x {backoff.TotalMilliseconds:F0} ms");
            }
        }
    }

    private static async Task EchoAsync(InProcessServer server, string token, SpineOptions options, SpineReport report, CancellationToken cancel)
    {
        var echo = new EchoFigure(capacity: 4 << 20);
        foreach (var (sessions, depth) in new[] { (1, 1), (1, options.Depth), (options.Sessions, 1), (options.Sessions, options.Depth) })
        {
            Progress($"c) echo, {sessions} session(s) x {depth} in flight");
            var result = await echo.RunAsync(server.Url, token, sessions, depth,
                TimeSpan.FromSeconds(options.WarmUpSeconds), TimeSpan.FromSeconds(options.Seconds), cancel);
            report.AddLatency($"c) echo {sessions} session{(sessions == 1 ? string.Empty : "s")} x {depth} in flight, {options.Seconds:0.#} s",
                result.Latency, result.OthersPercent, $"{result.MessagesPerSecond,6:F0} msg/s; {result.AllocatedPerMessage / 1024,4:F1} KiB alloc/msg; {result.Gc}");
        }
    }

    private static async Task MemoryAsync(string token, SpineOptions options, SpineReport report, CancellationToken cancel)
    {
        double? together = null;
        if (!options.SeparateOnly)
        {
            Progress($"d) {options.Idle} idle sessions, in-process server");
            together = await MemoryFigure.InProcessAsync(token, options.Idle, cancel);
        }

        if (!options.InProcessOnly)
        {
            Progress($"d) {options.Idle} idle sessions, Silo in its own process");
            var separate = await MemoryFigure.SeparateProcessAsync(token, options.Idle, cancel);
            report.AddMemory("d) SERVER per idle session (headline)", separate.ServerResidentKiB,
                $"Silo in its own process: VmRSS growth / {options.Idle} sessions opened on a warmed server");
            report.AddMemory("d) client SDK per idle session", separate.ClientManagedKiB,
                "this process's managed heap growth (2x forced full compacting GC), server in the other process");
            if (together is { } both)
            {
                report.AddMemory("d) server managed heap per idle session (derived)", both - separate.ClientManagedKiB,
                    "the row below minus the client SDK row");
            }
        }

        if (together is { } inProcess)
        {
            report.AddMemory("d) server + client managed heap, one process", inProcess,
                "managed heap growth (2x forced full compacting GC), server in this process");
        }
    }

    private static void Progress(string phase) => Console.Error.WriteLine($"[spine] {DateTime.Now:HH:mm:ss} {phase}");
}
