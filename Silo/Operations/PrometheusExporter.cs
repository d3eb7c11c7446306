using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using OrleansBridge.Diagnostics;

namespace OrleansBridge.Silo.Operations;

/// <summary>
/// Listens to this server's <see cref="BridgeMetrics"/> meter (the instance, not every meter of that
/// name in the process) with a <see cref="MeterListener"/>, keeps running sums and histogram buckets,
/// and renders them for <c>GET /metrics</c>. Observable instruments are polled at each scrape.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _scrape = new();

    public PrometheusExporter(BridgeMetrics metrics)
    {
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument, _instruments.GetOrAdd(instrument, static i => new InstrumentState(i)));
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The exposition text of every instrument that has measurements.</summary>
    public string Render()
    {
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            var output = new StringBuilder(4096);
            foreach (var state in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                PrometheusText.Write(output, state);
            }

            return output.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();
}
