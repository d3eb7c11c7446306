namespace OrleansBridge.Gateway;

/// <summary>
/// Whether this server is draining: once it is, WebSocket upgrades are refused with 503 and code 4307
/// (ServerDraining) and readiness reports "not ready", so the load balancer and clients go elsewhere
/// while the sessions already here are handed off.
/// </summary>
public sealed class GatewayDrain
{
    private volatile bool _draining;

    /// <summary>True once <see cref="Begin"/> was called.</summary>
    public bool IsDraining => _draining;

    /// <summary>Starts draining; it cannot be undone (the process is stopping).</summary>
    public void Begin() => _draining = true;
}
