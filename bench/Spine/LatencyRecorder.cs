using System.Diagnostics;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// Latencies in <see cref="Stopwatch"/> ticks, written into an array allocated up front so that
/// recording costs one interlocked increment and no allocation. Thread-safe for concurrent writers;
/// completions past the capacity are still counted, only their latency is not kept.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly long[] _ticks;
    private int _count;

    public LatencyRecorder(int capacity) => _ticks = new long[capacity];

    /// <summary>Every recorded completion, including those past the capacity.</summary>
    public int Completed => Volatile.Read(ref _count);

    public void Record(long ticks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = ticks;
        }
    }

    public void Reset() => Volatile.Write(ref _count, 0);

    /// <summary>Sorts what was kept and reads percentiles by nearest rank.</summary>
    public LatencySummary Summarize()
    {
        var kept = Math.Min(Completed, _ticks.Length);
        if (kept == 0)
        {
            return default;
        }

        var span = _ticks.AsSpan(0, kept);
        span.Sort();
        long total = 0;
        foreach (var ticks in span)
        {
            total += ticks;
        }

        return new LatencySummary(
            Completed,
            Milliseconds(Rank(span, 0.50)),
            Milliseconds(Rank(span, 0.99)),
            Milliseconds(span[^1]),
            Milliseconds(total));
    }

    private static long Rank(ReadOnlySpan<long> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Percentiles of one measured figure, in milliseconds.</summary>
/// <param name="Count">Completions measured.</param>
/// <param name="P50Ms">Median.</param>
/// <param name="P99Ms">99th percentile (nearest rank).</param>
/// <param name="MaxMs">Slowest.</param>
/// <param name="TotalMs">Sum of all kept latencies.</param>
internal readonly record struct LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs, double TotalMs);
