using System.Diagnostics.Metrics;
using OrleansBridge.Sessions;

namespace OrleansBridge.Diagnostics;

/// <summary>
/// Every instrument of the product, in one place, on one <see cref="Meter"/> named
/// <see cref="MeterName"/>; <c>/metrics</c> exports them in the Prometheus text format
/// (docs/operations.md lists them). One instance per server (created from the host's
/// <c>IMeterFactory</c>), so several servers in one process keep separate figures.
/// To add an instrument: create it here next to its producer's subsystem (a counter ends in
/// <c>_total</c> on export, a unit-less name is fine), record it where the work happens, and list it
/// in docs/operations.md. Instruments are thread-safe; recording allocates nothing.
/// </summary>
public sealed class BridgeMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansBridge";

    private readonly UpDownCounter<long> _sessions;
    private readonly Counter<long> _transitions;

    /// <summary>Creates the instruments on <paramref name="meter"/>.</summary>
    public BridgeMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Meter = meter;
        _sessions = meter.CreateUpDownCounter<long>("bridge_sessions", description: "Sessions served by this silo, by state (connected, pending)");
        _transitions = meter.CreateCounter<long>("bridge_session_transitions", description: "Session state changes, by the state entered");
        BytesReceived = meter.CreateCounter<long>("bridge_received_bytes", "By", "WebSocket message bytes received from clients");
        BytesSent = meter.CreateCounter<long>("bridge_sent_bytes", "By", "WebSocket message bytes sent to clients");
        CacheLookups = meter.CreateCounter<long>("bridge_cache_lookups", description: "Keys asked of the cache by cache.query, by result (hit, miss)");
        LeaseRenewals = meter.CreateCounter<long>("bridge_lease_renewals", description: "Session ownership leases renewed");
        LeaseLosses = meter.CreateCounter<long>("bridge_lease_losses", description: "Sessions this silo stopped serving because another owns them (lease lost or 412)");
        Takeovers = meter.CreateCounter<long>("bridge_session_takeovers", description: "Sessions this silo took over from storage");
        UpgradesRefused = meter.CreateCounter<long>("bridge_upgrades_refused", description: "WebSocket upgrades refused before the handshake, by code");
    }

    /// <summary>The meter all instruments live on.</summary>
    public Meter Meter { get; }

    /// <summary>Bytes of WebSocket messages received.</summary>
    public Counter<long> BytesReceived { get; }

    /// <summary>Bytes of WebSocket messages sent.</summary>
    public Counter<long> BytesSent { get; }

    /// <summary>Cache keys looked up; tag <c>result</c> = <c>hit</c> or <c>miss</c>.</summary>
    public Counter<long> CacheLookups { get; }

    /// <summary>Ownership leases renewed.</summary>
    public Counter<long> LeaseRenewals { get; }

    /// <summary>Sessions given up because another silo owns them now.</summary>
    public Counter<long> LeaseLosses { get; }

    /// <summary>Sessions taken over from storage.</summary>
    public Counter<long> Takeovers { get; }

    /// <summary>Upgrades refused; tag <c>code</c>.</summary>
    public Counter<long> UpgradesRefused { get; }

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
