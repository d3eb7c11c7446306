namespace OrleansBridge.Bench.Soak;

/// <summary>What the soak's sessions report, shared by all of them (one lock: a few thousand operations a second).</summary>
internal sealed class SoakTally
{
    private readonly Lock _gate = new();
    private readonly List<double> _interval = new(1 << 16);

    public long Echoes { get; private set; }

    public long Commits { get; private set; }

    public long Uploads { get; private set; }

    public long Operations => Echoes + Commits + Uploads;

    public long Lost { get; private set; }

    public long Duplicated { get; private set; }

    public long Mismatched { get; private set; }

    public long Drops { get; private set; }

    public string? FirstFault { get; private set; }

    public void Echo(bool matches, string fault) => Count(() => Echoes++, matches ? null : fault, mismatch: true);

    public void Upload(bool matches, string fault) => Count(() => Uploads++, matches ? null : fault, mismatch: true);

    /// <summary>A commit must get the version after the last: a skip means one was applied twice.</summary>
    public void Commit(long version, long expected, string fault)
    {
        lock (_gate)
        {
            Commits++;
            if (version > expected)
            {
                Duplicated += version - expected;
                FirstFault ??= fault;
            }
            else if (version < expected)
            {
                Mismatched++;
                FirstFault ??= fault;
            }
        }
    }

    public void Lose(string fault)
    {
        lock (_gate)
        {
            Lost++;
            FirstFault ??= fault;
        }
    }

    public void Dropped(int connections)
    {
        lock (_gate)
        {
            Drops += connections;
        }
    }

    public void Record(double milliseconds)
    {
        lock (_gate)
        {
            _interval.Add(milliseconds);
        }
    }

    /// <summary>Operations of the interval just ended and their p50 and p99 (nearest rank); starts the next.</summary>
    public (int Count, double P50, double P99) TakeInterval()
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _interval.Order()];
            _interval.Clear();
        }

        double Rank(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return (sorted.Length, Rank(0.5), Rank(0.99));
    }

    private void Count(Action count, string? fault, bool mismatch)
    {
        lock (_gate)
        {
            count();
            if (fault is not null && mismatch)
            {
                Mismatched++;
                FirstFault ??= fault;
            }
        }
    }
}
