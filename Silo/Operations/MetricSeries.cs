namespace OrleansBridge.Silo.Operations;

/// <summary>
/// One time series of an instrument: its labels and its value (a sum for counters, or the buckets,
/// sum and count of a histogram). Updated with interlocked operations, so measurements from many
/// threads need no lock and allocate nothing once the series exists.
/// </summary>
internal sealed class MetricSeries
{
    private readonly long[]? _buckets;
    private long _count;
    private double _sum;

    public MetricSeries(KeyValuePair<string, string>[] labels, int bucketCount)
    {
        Labels = labels;
        _buckets = bucketCount > 0 ? new long[bucketCount + 1] : null; // the last one is +Inf
    }

    public KeyValuePair<string, string>[] Labels { get; }

    /// <summary>The sum of measurements (counters, up-down counters, gauges' last value).</summary>
    public double Sum => Volatile.Read(ref _sum);

    public long Count => Interlocked.Read(ref _count);

    public long Bucket(int index) => Interlocked.Read(ref _buckets![index]);

    public void Add(double value)
    {
        double current, next;
        do
        {
            current = Volatile.Read(ref _sum);
            next = current + value;
        }
        while (Interlocked.CompareExchange(ref _sum, next, current) != current);
    }

    public void Set(double value) => Interlocked.Exchange(ref _sum, value);

    public void Observe(double value, double[] bounds)
    {
        var index = bounds.Length;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (value <= bounds[i])
            {
                index = i;
                break;
            }
        }

        Interlocked.Increment(ref _buckets![index]);
        Interlocked.Increment(ref _count);
        Add(value);
    }

    /// <summary>True when this series has exactly the measurement's tags (order-insensitive, no allocation).</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Labels.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var label in Labels)
            {
                if (string.Equals(label.Key, tag.Key, StringComparison.Ordinal) && ValueEquals(label.Value, tag.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ValueEquals(string label, object? value) => value switch
    {
        string s => string.Equals(label, s, StringComparison.Ordinal),
        null => label.Length == 0,
        _ => string.Equals(label, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
    };
}
