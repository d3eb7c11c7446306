using Orleans.Configuration;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// The membership settings the product ships (docs/operations.md, "Cluster membership"), applied
/// before <c>Bridge:Grains:Membership</c>, which overrides any of them. Orleans' defaults (a 5 s probe,
/// 3 missed probes) take 15 s or more to declare a killed silo dead; until then its sessions cannot be
/// activated elsewhere. A 0.5 s probe (Orleans adapts it between half and four times that to the
/// probes' measured round trips) and 2 missed probes declare it within about 0.5–1 s: on the bench,
/// SIGKILL to the client working on another silo p99 1.0–1.1 s, against 3.1–3.5 s with a 1 s probe.
/// </summary>
internal static class MembershipDefaults
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

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
