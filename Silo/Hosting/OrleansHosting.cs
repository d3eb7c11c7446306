using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using OrleansBridge.Hosting;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// The Orleans silo inside the server process (docs/architecture.md, "Grains on Orleans"): localhost
/// clustering, one silo, no client gateway (the WebSocket gateway runs in this process and calls
/// grains through <see cref="Orleans.IGrainFactory"/>). Grain state is ours (<see cref="GrainsOptions.Storage"/>).
/// </summary>
internal static class OrleansHosting
{
    /// <summary>Adds the silo to the host, configured from <c>Bridge:Grains</c>.</summary>
    public static void AddBridgeSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection($"{BridgeOptions.Section}:Grains").Get<GrainsOptions>() ?? new GrainsOptions();
        builder.UseOrleans(silo =>
        {
            var port = options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort;
            silo.UseLocalhostClustering(siloPort: port, gatewayPort: 0, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.Services.AddSerializer(serializer => serializer.AddBridgeContracts());
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.CallTimeout);
            silo.Configure<GrainCollectionOptions>(collection =>
                collection.CollectionAge = options.IdleTimeout > TimeSpan.FromMinutes(1) ? options.IdleTimeout : TimeSpan.FromMinutes(1));
        });
    }

    /// <summary>A loopback port free now; the silo binds it a moment later (tests run many silos side by side).</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
