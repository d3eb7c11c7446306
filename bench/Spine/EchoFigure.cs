using System.Diagnostics;
using System.Text.Json;
using OrleansBridge.Client;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// c) Echo round trip, closed loop: every session keeps <c>depth</c> requests in flight (each worker
/// sends the next as soon as its answer arrives). A warm-up runs first; then every completion within
/// the measured window is timed from before <see cref="BridgeSession.SendAsync(string, JsonElement, CancellationToken)"/>
/// to its answer, and the window's completions over its length give messages/s.
/// </summary>
internal sealed class EchoFigure
{
    /// <summary>The request parameters, echoed back unchanged.</summary>
    public const string Payload = """{"seq":12345,"text":"0123456789abcdef0123456789abcdef"}""";

    private const int Warming = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;

    private readonly LatencyRecorder _recorder;
    private readonly JsonElement _payload;
    private int _phase;
    private int _failures;
    private string? _firstFailure;

    /// <param name="capacity">Latencies kept per run: more than two cores can complete in the window.</param>
    public EchoFigure(int capacity)
    {
        _recorder = new LatencyRecorder(capacity);
        using var document = JsonDocument.Parse(Payload);
        _payload = document.RootElement.Clone();
    }

    public async Task<EchoResult> RunAsync(Uri url, string token, int sessionCount, int depth, TimeSpan warmUp, TimeSpan window, CancellationToken cancellationToken)
    {
        var sessions = await SpineClients.OpenAsync(url, token, sessionCount, cancellationToken);
        try
        {
            _recorder.Reset();
            Volatile.Write(ref _phase, Warming);
            _failures = 0;
            _firstFailure = null;
            var workers = new Task[sessionCount * depth];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = WorkAsync(sessions[i % sessionCount], cancellationToken);
            }

            await Task.Delay(warmUp, cancellationToken);
            var before = GcSnapshot.Take();
            var load = MachineLoad.Take();
            var start = Stopwatch.GetTimestamp();
            Volatile.Write(ref _phase, Measuring);
            await Task.Delay(window, cancellationToken);
            Volatile.Write(ref _phase, Stopping);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var gc = GcSnapshot.Take() - before;
            var others = MachineLoad.Take().OthersPercentSince(load);
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (_failures > 0)
            {
                throw new InvalidOperationException($"{_failures} echo requests failed; the first: {_firstFailure}");
            }

            var latency = _recorder.Summarize();
            return new EchoResult(latency, latency.Count / elapsed.TotalSeconds, gc, others);
        }
        finally
        {
            await SpineClients.CloseAsync(sessions);
        }
    }

    private async Task WorkAsync(BridgeSession session, CancellationToken cancellationToken)
    {
        await Task.Yield(); // Start every worker before any waits on the socket.
        while (Volatile.Read(ref _phase) != Stopping)
        {
            var start = Stopwatch.GetTimestamp();
            var response = await session.SendAsync("echo", _payload, cancellationToken);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (!response.IsSuccess)
            {
                Interlocked.CompareExchange(ref _firstFailure, $"{(int)response.Error} {response.Error}: {response.Message}", null);
                Interlocked.Increment(ref _failures);
                return;
            }

            if (Volatile.Read(ref _phase) == Measuring)
            {
                _recorder.Record(elapsed);
            }
        }
    }
}

/// <summary>One echo configuration's figures.</summary>
/// <param name="Latency">Round trips completed in the window.</param>
/// <param name="MessagesPerSecond">Round trips per second in the window.</param>
/// <param name="Gc">Collections, pauses and allocation in this process (client and server) during the window.</param>
/// <param name="OthersPercent">Share of the machine's CPU other processes used during the window.</param>
internal readonly record struct EchoResult(LatencySummary Latency, double MessagesPerSecond, GcSnapshot Gc, double OthersPercent)
{
    /// <summary>Bytes allocated in this process per round trip, client and server together.</summary>
    public double AllocatedPerMessage => Latency.Count == 0 ? 0 : (double)Gc.AllocatedBytes / Latency.Count;
}
