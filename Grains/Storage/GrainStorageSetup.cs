using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Hosting;

namespace OrleansBridge.Storage;

/// <summary>
/// The grain storage this silo runs on (docs/architecture.md, "Grain state"): the Orleans
/// <see cref="IGrainStorage"/> provider named <see cref="ProviderName"/> that every grain's
/// <c>[PersistentState]</c> uses — <see cref="FolderGrainStorage"/> for <c>path:</c>, Orleans'
/// <c>AzureBlobGrainStorage</c> for <c>azure:</c> — whether the silos of a cluster share it, and how its
/// records are listed (for the session sweep).
/// </summary>
public sealed class GrainStorageSetup
{
    /// <summary>The name of the grain storage provider, in every <c>[PersistentState]</c>.</summary>
    public const string ProviderName = "bridge";

    private static readonly GrainId ProbeId = GrainId.Create("readiness", "probe");

    /// <summary>Describes the storage.</summary>
    public GrainStorageSetup(IGrainStorage provider, bool shared, IGrainStorageListing listing)
    {
        Provider = provider;
        Shared = shared;
        Listing = listing;
    }

    /// <summary>The provider.</summary>
    public IGrainStorage Provider { get; }

    /// <summary>True when the silos of a cluster share it (Azure): sessions store their channel and may move between silos.</summary>
    public bool Shared { get; }

    /// <summary>Lists the keys of the grains that have a record.</summary>
    public IGrainStorageListing Listing { get; }

    /// <summary>Reads a record that never exists: one round trip, which throws when the storage cannot be reached.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken) =>
        Provider.ReadStateAsync("readiness", ProbeId, new GrainState<ReadinessProbeRecord>(), cancellationToken);
}

/// <summary>The type of the readiness probe's record, which is never written.</summary>
internal sealed record ReadinessProbeRecord;
