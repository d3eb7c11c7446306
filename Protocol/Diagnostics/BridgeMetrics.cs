using System.Diagnostics.Metrics;
using OrleansBridge.Sessions;

namespace OrleansBridge.Diagnostics;

/// <summary>
/// Every instrument of the product, in one place, on one <see cref="Meter"/> named
/// <see cref="MeterName"/>; <c>/metrics</c> exports them through OpenTelemetry's Prometheus exporter
/// (docs/operations.md lists them). One instance per server (created from the host's
/// <c>IMeterFactory</c>, which the export matches), so several servers in one process keep separate figures.
/// To add an instrument: create it here next to its producer's subsystem (a counter gets <c>_total</c>
/// on export; a unit-less name is fine, and a unit must be the name's last word, as in
/// <c>bridge_sent_bytes</c>, or the exporter appends it), record it where the work happens, and list
/// it in docs/operations.md. Instruments are thread-safe; recording allocates nothing.
/// </summary>
public sealed class BridgeMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansBridge";

    private readonly UpDownCounter<long> _sessions;
    private readonly Counter<long> _transitions;
    private string _renderDevice = "cpu";

    /// <summary>Creates the instruments on <paramref name="meter"/>.</summary>
    public BridgeMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _sessions = meter.CreateUpDownCounter<long>("bridge_sessions", description: "Sessions served by this silo, by state (connected, pending)");
        _transitions = meter.CreateCounter<long>("bridge_session_transitions", description: "Session state changes, by the state entered");
        BytesReceived = meter.CreateCounter<long>("bridge_received_bytes", "By", "WebSocket message bytes received from clients");
        BytesSent = meter.CreateCounter<long>("bridge_sent_bytes", "By", "WebSocket message bytes sent to clients");
        CacheLookups = meter.CreateCounter<long>("bridge_cache_lookups", description: "Keys asked of the cache by cache.query, by result (hit, miss)");
        SessionMoves = meter.CreateCounter<long>("bridge_session_moves", description: "Sessions this silo handed to the silo whose gateway their client resumed through");
        SessionsFenced = meter.CreateCounter<long>("bridge_sessions_fenced", description: "Sessions this silo stopped serving because another activation wrote their record (412)");
        Takeovers = meter.CreateCounter<long>("bridge_session_takeovers", description: "Sessions this silo took over from storage");
        UpgradesRefused = meter.CreateCounter<long>("bridge_upgrades_refused", description: "WebSocket upgrades refused before the handshake, by code");
        RenderSamples = meter.CreateCounter<long>("bridge_render_samples", description: "Pixel samples path traced, by source (still, video); its rate is samples per second");
        meter.CreateObservableGauge("bridge_render_device", () => new Measurement<int>(1, new KeyValuePair<string, object?>("device", _renderDevice)),
            description: "1, labelled with the device renders run on (cpu, cuda, opencl, ilgpu-cpu): Bridge:Rendering:Device as resolved at start");
        VideoFramesEncoded = meter.CreateCounter<long>("bridge_video_frames_encoded", description: "Video frames encoded and queued for a client, by format");
        VideoContextsReopened = meter.CreateCounter<long>("bridge_video_contexts_reopened", description: "Video contexts this session silo opened again because the silo rendering them was lost");
        VideoFramesDropped = meter.CreateCounter<long>("bridge_video_frames_dropped", description: "Video frames dropped because the client lagged (newest wins) or its stream closed");
        VideoEncodeSeconds = meter.CreateHistogram(
            "bridge_video_encode_seconds",
            "s",
            "Time to encode one video frame",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64] });
    }

    /// <summary>Bytes of WebSocket messages received.</summary>
    public Counter<long> BytesReceived { get; }

    /// <summary>Bytes of WebSocket messages sent.</summary>
    public Counter<long> BytesSent { get; }

    /// <summary>Cache keys looked up; tag <c>result</c> = <c>hit</c> or <c>miss</c>.</summary>
    public Counter<long> CacheLookups { get; }

    /// <summary>Sessions that moved to the silo their client resumed through.</summary>
    public Counter<long> SessionMoves { get; }

    /// <summary>Sessions given up because another activation wrote their record.</summary>
    public Counter<long> SessionsFenced { get; }

    /// <summary>Sessions taken over from storage.</summary>
    public Counter<long> Takeovers { get; }

    /// <summary>Upgrades refused; tag <c>code</c>.</summary>
    public Counter<long> UpgradesRefused { get; }

    /// <summary>Pixel samples rendered; tag <c>source</c> = <c>still</c> or <c>video</c>.</summary>
    public Counter<long> RenderSamples { get; }

    /// <summary>Video frames encoded and queued; tag <c>format</c>.</summary>
    public Counter<long> VideoFramesEncoded { get; }

    /// <summary>Video contexts opened again after their render silo was lost.</summary>
    public Counter<long> VideoContextsReopened { get; }

    /// <summary>Video frames dropped.</summary>
    public Counter<long> VideoFramesDropped { get; }

    /// <summary>Seconds spent encoding each video frame.</summary>
    public Histogram<double> VideoEncodeSeconds { get; }

    /// <summary>Counts the pixel samples of a render pass: <paramref name="samplesPerPixel"/> × <paramref name="pixels"/>.</summary>
    public void RecordRenderSamples(string source, long samplesPerPixel, long pixels) =>
        RenderSamples.Add(samplesPerPixel * pixels, new KeyValuePair<string, object?>("source", source));

    /// <summary>Sets the device label of <c>bridge_render_device</c> (once, when the render services start).</summary>
    public void SetRenderDevice(string device) => _renderDevice = device;

    /// <summary>Counts a video frame that was encoded and queued, and its encode time.</summary>
    public void RecordVideoFrame(string format, TimeSpan encodeTime)
    {
        VideoFramesEncoded.Add(1, new KeyValuePair<string, object?>("format", format));
        VideoEncodeSeconds.Record(encodeTime.TotalSeconds);
    }

    /// <summary>Counts cache lookups.</summary>
    public void RecordCacheLookups(long hits, long misses)
    {
        CacheLookups.Add(hits, new KeyValuePair<string, object?>("result", "hit"));
        CacheLookups.Add(misses, new KeyValuePair<string, object?>("result", "miss"));
    }

    /// <summary>
    /// Follows a session's state change. CONNECTING lasts only inside admission, so a session is
    /// counted from the state it enters after it; CLOSED is not counted.
    /// </summary>
    public void SessionTransition(SessionState previous, SessionState next)
    {
        if (previous is not SessionState.Closed and not SessionState.Connecting)
        {
            _sessions.Add(-1, new KeyValuePair<string, object?>("state", StateName(previous)));
        }

        if (next is not SessionState.Closed and not SessionState.Connecting)
        {
            _sessions.Add(1, new KeyValuePair<string, object?>("state", StateName(next)));
        }

        _transitions.Add(1, new KeyValuePair<string, object?>("state", StateName(next)));
    }

    /// <summary>A session left this silo without a transition of its own (moved to another silo).</summary>
    public void SessionLeft(SessionState state)
    {
        if (state is not SessionState.Closed and not SessionState.Connecting)
        {
            _sessions.Add(-1, new KeyValuePair<string, object?>("state", StateName(state)));
        }
    }

    private static string StateName(SessionState state) => state switch
    {
        SessionState.Connecting => "connecting",
        SessionState.Connected => "connected",
        SessionState.Pending => "pending",
        _ => "closed",
    };
}
