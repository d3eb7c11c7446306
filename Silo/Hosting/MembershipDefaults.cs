using Orleans.Configuration;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// The membership settings the product ships (docs/operations.md, "Cluster membership"), applied
/// before <c>Bridge:Grains:Membership</c>, which overrides any of them. Orleans' defaults (a 5 s probe,
/// 3 missed probes) take 15 s or more to declare a killed silo dead; until then its sessions cannot be
/// activated elsewhere. A 1 s probe and 2 missed probes declare it within about 2–4 s.
/// </summary>
internal static class MembershipDefaults
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public const int NumMissedProbesLimit = 2;

    /// <summary>
    /// How often a silo writes its heartbeat to the table. A silo that starts while dead silos are still
    /// listed as active waits until their heartbeats are stale (this × 3) before it joins without them;
    /// Orleans' 30 s makes that 90 s after a whole cluster died, 10 s makes it 30 s.
    /// </summary>
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);

    public static void Apply(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = ProbeTimeout;
        membership.NumMissedProbesLimit = NumMissedProbesLimit;
        membership.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }
}
