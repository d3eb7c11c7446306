namespace OrleansBridge.Scene.Snapshots;

/// <summary>The built-in snapshot policy's settings (<c>Bridge:Snapshots</c>).</summary>
public sealed class SnapshotOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bridge:Snapshots";

    /// <summary>When non-empty, only these tenants may save snapshots.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>Tenants that may not save snapshots (checked after <see cref="AllowedTenants"/>).</summary>
    public IList<string> DeniedTenants { get; } = [];

    /// <summary>The most snapshots a tenant may hold per application; 0 for no limit.</summary>
    public int MaxPerTenant { get; set; } = 100;
}
