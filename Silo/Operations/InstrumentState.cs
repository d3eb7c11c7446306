using System.Diagnostics.Metrics;
using System.Globalization;

namespace OrleansBridge.Silo.Operations;

/// <summary>What the exporter keeps of one instrument: its kind, its histogram bounds, its series.</summary>
internal sealed class InstrumentState
{
    /// <summary>Prometheus' default histogram buckets, in the instrument's unit (seconds for durations).</summary>
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _gate = new();
    private MetricSeries[] _series = [];

    public InstrumentState(Instrument instrument)
    {
        Instrument = instrument;
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        Kind = generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>) ? "counter"
            : generic == typeof(Histogram<>) ? "histogram"
            : "gauge"; // up-down counters and gauges can go down
        IsObservable = instrument.IsObservable;
        IsSum = generic == typeof(Counter<>) || generic == typeof(UpDownCounter<>);
        Bounds = Kind == "histogram" ? BoundsOf(instrument) : [];
        Name = ExportName(instrument);
    }

    public Instrument Instrument { get; }

    /// <summary>counter, gauge or histogram (the Prometheus TYPE).</summary>
    public string Kind { get; }

    /// <summary>The exported metric name (a counter ends in <c>_total</c>).</summary>
    public string Name { get; }

    public bool IsObservable { get; }

    /// <summary>True when measurements are added up (counters); false when they replace the value (observable gauges).</summary>
    public bool IsSum { get; }

    public double[] Bounds { get; }

    public MetricSeries[] Series => Volatile.Read(ref _series);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags);
        if (Kind == "histogram")
        {
            series.Observe(value, Bounds);
        }
        else if (IsSum || (Kind == "counter" && !IsObservable))
        {
            series.Add(value);
        }
        else
        {
            series.Set(value); // observable instruments report their current total or level
        }
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var existing in Volatile.Read(ref _series))
        {
            if (existing.Matches(tags))
            {
                return existing;
            }
        }

        lock (_gate)
        {
            foreach (var existing in _series)
            {
                if (existing.Matches(tags))
                {
                    return existing;
                }
            }

            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
            }

            Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var created = new MetricSeries(labels, Bounds.Length);
            Volatile.Write(ref _series, [.. _series, created]);
            return created;
        }
    }

    /// <summary>The producer's preferred boundaries (InstrumentAdvice), else Prometheus' defaults.</summary>
    private static double[] BoundsOf(Instrument instrument)
    {
        double[]? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return advised is { Length: > 0 } ? advised : DefaultBounds;
    }

    private static string ExportName(Instrument instrument)
    {
        var name = PrometheusText.SanitizeName(instrument.Name);
        return name.EndsWith("_total", StringComparison.Ordinal) || !IsCounter(instrument) ? name : name + "_total";
    }

    private static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>);
    }
}
