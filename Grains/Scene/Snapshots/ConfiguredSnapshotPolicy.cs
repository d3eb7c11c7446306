using Microsoft.Extensions.Options;

namespace OrleansBridge.Scene.Snapshots;

/// <summary>The built-in policy: allow/deny lists of tenants and a per-tenant maximum, from <see cref="SnapshotOptions"/>.</summary>
internal sealed class ConfiguredSnapshotPolicy : ISnapshotPolicy
{
    private readonly SnapshotOptions _options;

    public ConfiguredSnapshotPolicy(IOptions<SnapshotOptions> options) => _options = options.Value;

    public (ErrorCode Error, string Message) CanSave(string application, string tenant, int existingSnapshots)
    {
        if ((_options.AllowedTenants.Count > 0 && !_options.AllowedTenants.Contains(tenant, StringComparer.Ordinal))
            || _options.DeniedTenants.Contains(tenant, StringComparer.Ordinal))
        {
            return (ErrorCode.SnapshotDenied, $"Tenant '{tenant}' may not save snapshots ({SnapshotOptions.Section}).");
        }

        return _options.MaxPerTenant > 0 && existingSnapshots >= _options.MaxPerTenant
            ? (ErrorCode.SnapshotLimitReached, $"Tenant '{tenant}' holds {existingSnapshots} snapshots of '{application}', the most allowed ({SnapshotOptions.Section}:MaxPerTenant); remove one first.")
            : (ErrorCode.None, string.Empty);
    }
}
