using System.Diagnostics;
using OrleansBridge.Client;
using OrleansBridge.Gateway;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// b) Resume after a drop: from just before the drop to the moment the SDK raises
/// <see cref="BridgeSession.StateChanged"/> with Connected again. Two ways to drop: the server
/// closes the session's socket (<see cref="GatewayConnections.DropSession"/>, which sends Close with
/// ServerShuttingDown), or the network fails (<see cref="LoopbackRelay.CutAll"/>, a reset with no Close).
/// The figure includes the SDK's first reconnect delay, <see cref="BridgeClientOptions.InitialBackoff"/>
/// times a random factor in [0.5, 1).
/// </summary>
internal static class ResumeFigure
{
    public const int WarmUp = 5;

    /// <summary>Longest wait for one resume before the figure is abandoned as broken.</summary>
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connects to <paramref name="url"/> (the server, or a relay in front of it) and drops the
    /// connection <paramref name="count"/> times after a warm-up; <paramref name="drop"/> returns how
    /// many connections it closed.
    /// </summary>
    public static async Task<ResumeResult> RunAsync(
        Uri url, string token, Func<BridgeSession, int> drop, TimeSpan initialBackoff, int count, CancellationToken cancellationToken)
    {
        var options = new BridgeClientOptions { InitialBackoff = initialBackoff };

        using var changed = new SemaphoreSlim(0); // Declared first: disposed after the session, whose last event releases it.
        var session = BridgeClient.Create(url, token, options);
        await using var _ = session;
        long connectedAt = 0;
        session.StateChanged += change =>
        {
            if (change.State is ClientState.Connected or ClientState.Closed)
            {
                // Stamped in the handler itself, so the figure does not include waking the waiter.
                Volatile.Write(ref connectedAt, Stopwatch.GetTimestamp());
                changed.Release();
            }
        };
        await session.ConnectAsync(cancellationToken);
        await changed.WaitAsync(cancellationToken);

        var recorder = new LatencyRecorder(count);
        for (var i = 0; i < WarmUp + count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (drop(session) == 0)
            {
                throw new InvalidOperationException($"Drop {i}: no connection of session {session.SessionId} was found to drop.");
            }

            if (!await changed.WaitAsync(ResumeDeadline, cancellationToken))
            {
                throw new TimeoutException($"Drop {i}: the SDK did not report Connected within {ResumeDeadline.TotalSeconds} s (state {session.State}).");
            }

            if (session.Completion.IsCompleted)
            {
                var end = await session.Completion;
                return new ResumeResult(default, $"SDK ended the session: {(int)end.Code} {end.Code}");
            }

            if (i >= WarmUp)
            {
                recorder.Record(Volatile.Read(ref connectedAt) - start);
            }
        }

        return session.Resumes == WarmUp + count
            ? new ResumeResult(recorder.Summarize(), null)
            : throw new InvalidOperationException($"Expected {WarmUp + count} resumes, the SDK counted {session.Resumes}.");
    }
}

/// <summary>Resume latencies, or why there are none.</summary>
/// <param name="Latency">Drop to Connected.</param>
/// <param name="Failure">Set when the session did not resume.</param>
internal readonly record struct ResumeResult(LatencySummary Latency, string? Failure);
