namespace OrleansBridge.Silo.Hosting;

/// <summary>The grains and the Orleans silo that runs them (configuration section <c>Bridge:Grains</c>).</summary>
public sealed class GrainsOptions
{
    /// <summary>Where grain state is stored: <c>path:&lt;dir&gt;</c> (relative paths are under the data root) or <c>azure:&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    public string Storage { get; set; } = "path:grains";

    /// <summary>An activation unused this long is deactivated (Orleans' collection age; at least a minute) unless it delays deactivation.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The silo-to-silo port of the embedded silo (localhost clustering); 0, the default, picks a free
    /// one. A one-silo server takes no connections on it, and Orleans binds it with address reuse, so a
    /// fixed port shared by several servers on one machine would let the kernel hand one server's
    /// connection to another.
    /// </summary>
    public int SiloPort { get; set; }

    /// <summary>
    /// The longest a grain call may wait for its answer. Orleans' default (30 s) is shorter than a
    /// render or an import may take, and calls inside one silo are never lost in transit.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// With <c>azure:</c> storage: Orleans' client gateway port, through which gateway processes
    /// (<c>--role gateway</c>) reach the cluster; 0 picks a free one (they find it in the membership table).
    /// </summary>
    public int GatewayPort { get; set; }

    /// <summary>
    /// With <c>azure:</c> storage: the address this silo gives the cluster for silo-to-silo traffic
    /// (the pod IP in Kubernetes); empty lets Orleans choose the host's first network address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// With <c>azure:</c> storage: Orleans' membership settings (<c>ProbeTimeout</c>,
    /// <c>NumMissedProbesLimit</c>, …), over the product's defaults (<see cref="MembershipDefaults"/>;
    /// docs/operations.md, "Cluster membership").
    /// </summary>
    public Orleans.Configuration.ClusterMembershipOptions? Membership { get; set; }

    /// <summary>
    /// With <c>azure:</c> storage, in a Kubernetes pod: Orleans' Kubernetes hosting
    /// (<c>Microsoft.Orleans.Hosting.Kubernetes</c>). The silo takes its name from <c>POD_NAME</c>,
    /// watches the pods labelled with its service and cluster ids (<c>orleans/serviceId</c>,
    /// <c>orleans/clusterId</c>), and declares a silo dead as soon as its pod is deleted, without waiting
    /// for missed probes. Needs a service account that may get, list, watch and delete pods
    /// (azure/k8s/rbac.yaml). Outside Kubernetes the silo cannot start with it.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>The Orleans cluster id: silos with the same one form one cluster.</summary>
    public string ClusterId { get; set; } = "orleansbridge";

    /// <summary>The Orleans service id: stable across deployments of the same service.</summary>
    public string ServiceId { get; set; } = "orleansbridge";
}
