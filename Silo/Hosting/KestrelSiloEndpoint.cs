using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrleansBridge.Hosting;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// This silo's WebSocket endpoint as the cluster reaches it: Kestrel's port, at
/// <c>Bridge:Grains:AdvertisedAddress</c> when set (the pod IP), else the address Kestrel listens on.
/// </summary>
internal sealed class KestrelSiloEndpoint(IServer server, IOptions<BridgeOptions> options) : ISiloEndpoint
{
    public Uri? BaseUri
    {
        get
        {
            if (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is not { } address
                || !Uri.TryCreate(address, UriKind.Absolute, out var listening))
            {
                return null;
            }

            var host = options.Value.Grains.AdvertisedAddress is { Length: > 0 } advertised ? advertised : listening.Host;
            return new UriBuilder(listening.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", host, listening.Port).Uri;
        }
    }
}
