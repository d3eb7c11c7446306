using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using OrleansBridge.Hosting;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// The Orleans silo inside the server process (docs/architecture.md, "Grains on Orleans"). With
/// <c>path:</c> grain storage: localhost clustering, one silo. With <c>azure:</c> grain storage: a
/// cluster, its membership in the same storage account's Table service (<c>OrleansSiloInstances</c>),
/// so one setting chooses the mode. Each silo runs a WebSocket gateway in its own process; in a cluster
/// it also opens Orleans' client gateway port, through which gateway processes (<c>--role gateway</c>) join.
/// </summary>
internal static class OrleansHosting
{
    /// <summary>Adds the silo to the host, configured from <c>Bridge:Grains</c>.</summary>
    public static void AddBridgeSilo(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection($"{BridgeOptions.Section}:Grains");
        var options = section.Get<GrainsOptions>() ?? new GrainsOptions();
        builder.UseOrleans(silo =>
        {
            var port = options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort;
            if (options.Storage.StartsWith("azure:", StringComparison.Ordinal))
            {
                var account = StorageAccount.ConnectionStringOf(options.Storage, out var error)
                    ?? throw new BridgeConfigurationException([$"Bridge:Grains:Storage: {error}"]);
                silo.UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(account));
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.SiloPort = port;
                    endpoints.GatewayPort = options.GatewayPort == 0 ? FreeLoopbackPort() : options.GatewayPort; // for gateway processes (Orleans clients)
                    if (options.AdvertisedAddress is { Length: > 0 } address)
                    {
                        endpoints.AdvertisedIPAddress = IPAddress.Parse(address);
                    }
                });
                silo.Configure<ClusterMembershipOptions>(membership =>
                {
                    MembershipDefaults.Apply(membership);
                    section.GetSection("Membership").Bind(membership);
                });
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: port, gatewayPort: 0, serviceId: options.ServiceId, clusterId: options.ClusterId);
            }

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
