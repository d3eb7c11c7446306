using Orleans;
using Orleans.Concurrency;

namespace OrleansBridge.Sessions;

/// <summary>
/// Where a gateway process sends a client that starts a new session: any silo. A stateless worker,
/// so a call from a gateway process (an Orleans client) lands on a silo Orleans picks, and answers that
/// silo's WebSocket endpoint.
/// </summary>
[Alias("bridge.gateway-route")]
public interface IGatewayRouteGrain : IGrainWithIntegerKey
{
    /// <summary>The base URI of the WebSocket endpoint of the silo this worker runs on.</summary>
    [AlwaysInterleave]
    Task<Uri?> EndpointAsync();
}
