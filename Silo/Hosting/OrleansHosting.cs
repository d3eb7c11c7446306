using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansBridge.Hosting;
using OrleansBridge.Rendering.Placement;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Storage;
using OrleansBridge.Storage.Cache;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// The Orleans silo inside the server process (docs/architecture.md, "Grains on Orleans"). With
/// <c>path:</c> grain storage: localhost clustering, one silo, grain state in a folder
/// (<see cref="FolderGrainStorage"/>). With <c>azure:</c> grain storage: a cluster, its membership in the
/// same storage account's Table service (<c>OrleansSiloInstances</c>) and grain state in its blobs
/// (Orleans' <c>AzureBlobGrainStorage</c>), so one setting chooses the mode. Each silo runs a WebSocket gateway in its own process; in a cluster
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
                AddBlobGrainStorage(silo, options.Storage);
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
                if (options.Kubernetes)
                {
                    silo.UseKubernetesHosting();
                }

                silo.Configure<ClusterMembershipOptions>(membership =>
                {
                    MembershipDefaults.Apply(membership);
                    section.GetSection("Membership").Bind(membership);
                });
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: port, gatewayPort: 0, serviceId: options.ServiceId, clusterId: options.ClusterId);
                AddFolderGrainStorage(silo, options.Storage);
            }

            // What this silo is for: render and video grains are placed on render silos, GPU ones first
            // (RenderSiloPlacementFilter); a render silo chooses its device now to say which it has.
            var metadata = new Dictionary<string, string> { [SiloRoles.MetadataKey] = SiloRoles.Session };
            if (RenderSilo.RenderSiloRole.IsSelected(builder.Configuration))
            {
                var device = new OrleansBridge.Rendering.RenderDeviceChoice(builder.Configuration[$"{BridgeOptions.Section}:Rendering:Device"]);
                silo.Services.AddSingleton(device);
                metadata[SiloRoles.MetadataKey] = SiloRoles.Render;
                metadata[SiloRoles.DeviceKey] = device.Backend.Device;
            }

            silo.UseSiloMetadata(metadata);
            if (Operations.ClusterDashboard.Enabled(builder.Configuration) is not null)
            {
                silo.AddDashboard();
            }

            silo.Services.AddSerializer(serializer => serializer.AddBridgeContracts());
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.CallTimeout);
            silo.Configure<GrainCollectionOptions>(collection =>
                collection.CollectionAge = options.IdleTimeout > TimeSpan.FromMinutes(1) ? options.IdleTimeout : TimeSpan.FromMinutes(1));
        });
    }

    /// <summary>Grain state in the blobs of the <c>azure:</c> spec's container, shared by the silos of the cluster.</summary>
    private static void AddBlobGrainStorage(ISiloBuilder silo, string spec)
    {
        var location = spec["azure:".Length..];
        silo.Services.AddSingleton(sp =>
        {
            try
            {
                return new AzureGrainStateContainer(location, sp.GetRequiredService<ILogger<AzureGrainStateContainer>>());
            }
            catch (ArgumentException ex)
            {
                throw new BridgeConfigurationException([$"Bridge:Grains:Storage: {ex.Message}"]);
            }
        });
        silo.AddAzureBlobGrainStorage(GrainStorageSetup.ProviderName, (OptionsBuilder<AzureBlobStorageOptions> blobs) =>
            blobs.Configure<AzureGrainStateContainer>((o, container) =>
            {
                o.BlobServiceClient = container.Service;
                o.ContainerName = container.Name;
                o.GrainStorageSerializer = BridgeStateSerializer.Instance;
            }));
        silo.Services.AddSingleton(sp => new GrainStorageSetup(
            sp.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.ProviderName), shared: true, sp.GetRequiredService<AzureGrainStateContainer>()));
    }

    /// <summary>Grain state in a folder (relative paths under the data root); a host may register its own provider first.</summary>
    private static void AddFolderGrainStorage(ISiloBuilder silo, string spec)
    {
        if (!spec.StartsWith("path:", StringComparison.Ordinal))
        {
            throw new BridgeConfigurationException([$"Bridge:Grains:Storage '{ContentCacheSpec.Describe(spec)}' is not supported; use path:<dir> or azure:<connection string>;container=<name>."]);
        }

        string Root(IServiceProvider sp) =>
            Path.GetFullPath(spec["path:".Length..], BridgeServer.DataRoot(sp.GetRequiredService<IOptions<BridgeOptions>>().Value));
        silo.Services.TryAddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, (sp, _) => new FolderGrainStorage(Root(sp)));
        silo.Services.AddSingleton(sp =>
        {
            var provider = sp.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.ProviderName);
            return new GrainStorageSetup(provider, shared: false, provider as IGrainStorageListing ?? new FolderGrainStorage(Root(sp)));
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
