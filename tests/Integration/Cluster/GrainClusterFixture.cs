using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansBridge.Admission;
using OrleansBridge.Applications;
using OrleansBridge.Hosting;
using OrleansBridge.Storage;

namespace OrleansBridge.Tests.Cluster;

/// <summary>
/// Three Orleans silos in one process (Orleans' <see cref="InProcessTestCluster"/>, in-memory transport)
/// running the product's grains over one folder of grain state, as silos share one store in a deployment.
/// Calls between the client and the silos are serialized, so what crosses a silo boundary is tested too.
/// </summary>
public sealed class GrainClusterFixture : IAsyncDisposable
{
    public const string Application = "bridge";
    private readonly TestDirectory _state;

    private GrainClusterFixture(InProcessTestCluster cluster, TestDirectory state)
    {
        Cluster = cluster;
        _state = state;
    }

    public InProcessTestCluster Cluster { get; }

    public static async Task<GrainClusterFixture> StartAsync(short silos = 3)
    {
        var state = new TestDirectory();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSerializer(serializer => serializer.AddBridgeContracts());
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<IApplicationCatalog>(new OneApplication());
            var storage = new FolderGrainStorage(state.Path);
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageSetup.ProviderName, storage);
            silo.Services.AddSingleton(new GrainStorageSetup(storage, shared: false, storage));
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddBridgeContracts()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainClusterFixture(cluster, state);
    }

    /// <summary>The silo that hosts the grain's activation now, if any.</summary>
    public InProcessSiloHandle? HostOf(IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return Cluster.TryGetGrainContext(grain.GetGrainId(), out var context)
            ? Cluster.GetSiloForAddress(context.Address.SiloAddress ?? throw new InvalidOperationException("An active grain has no silo address."))
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _state.Dispose();
    }

    /// <summary>The one application the grains are asked about; a configuration value, not a stand-in for a component.</summary>
    private sealed class OneApplication : IApplicationCatalog
    {
        private static readonly ApplicationSettings Settings = new(
            Application, "/bridge", "path:cache", "snapshots", OpenAtStart: true,
            TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), [],
            new ApplicationLimits(MaxSessions: 10, MaxSessionsPerTenant: 2, MaxMessageBytes: 1 << 20, MaxInFlightBytes: 1 << 24,
                MaxMessagesPerSecond: 1000, MaxOutboundBytes: 1 << 24, MaxOutboundMessages: 1000,
                TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45), "Information"));

        public IReadOnlyList<ApplicationSettings> Applications { get; } = [Settings];

        public bool TryGet(string name, [MaybeNullWhen(false)] out ApplicationSettings settings)
        {
            settings = name == Application ? Settings : null;
            return settings is not null;
        }

        public ISessionHandler GetSessionHandler(string name) => throw new NotSupportedException("No session is admitted through this catalog.");
    }
}
