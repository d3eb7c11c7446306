using Orleans;
using Orleans.Concurrency;
using OrleansBridge.Hosting;

namespace OrleansBridge.Sessions;

/// <summary>Answers the WebSocket endpoint of the silo it runs on (<see cref="IGatewayRouteGrain"/>).</summary>
[StatelessWorker]
internal sealed class GatewayRouteGrain(ISiloEndpoint endpoint) : Grain, IGatewayRouteGrain
{
    public Task<Uri?> EndpointAsync() => Task.FromResult(endpoint.BaseUri);
}
