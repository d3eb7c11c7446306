using Azure.Data.Tables;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using OrleansBridge.Hosting;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Silo;

/// <summary>
/// <c>--role gateway</c>: a process with the WebSocket endpoints and no grains, an Orleans client of the
/// cluster that <c>Bridge:Grains:Storage</c> (<c>azure:</c>) names; it forwards each client to the silo
/// that holds its session (docs/architecture.md, "Gateways apart from silos").
/// </summary>
internal static class GatewayRole
{
    /// <summary>The role's name on the command line.</summary>
    public const string Name = "gateway";

    public static bool IsSelected(IConfiguration configuration) =>
        string.Equals(configuration[$"{BridgeOptions.Section}:Role"], Name, StringComparison.Ordinal);

    /// <summary>Adds the Orleans client, joined to the cluster through the same Table service as the silos.</summary>
    public static void AddClusterClient(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection($"{BridgeOptions.Section}:Grains").Get<Hosting.GrainsOptions>() ?? new Hosting.GrainsOptions();
        var account = StorageAccount.ConnectionStringOf(options.Storage, out var error)
            ?? throw new BridgeConfigurationException([$"Bridge:Role '{Name}' joins a cluster: Bridge:Grains:Storage must be the silos' azure: spec ({error})."]);
        builder.UseOrleansClient(client =>
        {
            client.UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(account));
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            client.Services.AddSerializer(serializer => serializer.AddBridgeContracts());
        });
    }
}
