using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Sessions;

namespace OrleansBridge.Gateway.Connections;

/// <summary>
/// The policy against a tenant locked out by its own absent sessions (docs/protocol.md §5, "Tenant cap
/// and PENDING sessions"): when admission refuses a new session because the tenant, or the application,
/// is at its cap, the tenant's PENDING session created first gives way (closed with 4308
/// SessionDisplaced) and admission is tried once more. CONNECTED sessions never give way, and a tenant
/// never displaces another tenant's sessions. Without this, anyone holding the tenant's token could
/// open the cap's worth of sessions, drop them, and have every new session refused for the grace window.
/// </summary>
internal static class PendingYield
{
    /// <summary>Admits the tenant, displacing one of its PENDING sessions when it is at a cap.</summary>
    public static async Task<Applications.Admission> AdmitAsync(IGrainFactory grains, IApplicationGrain application, string tenant, int? tenantLimit)
    {
        var admission = await application.AdmitAsync(tenant, tenantLimit);
        if (admission.Error is not (ErrorCode.TenantSessionLimit or ErrorCode.ApplicationSessionLimit)
            || !await DisplaceOneAsync(grains, application, tenant))
        {
            return admission;
        }

        // Another client may have taken the freed place meanwhile; then this one is refused as before.
        return await application.AdmitAsync(tenant, tenantLimit);
    }

    private static async Task<bool> DisplaceOneAsync(IGrainFactory grains, IApplicationGrain application, string tenant)
    {
        var ids = await application.GetSessionsAsync(tenant);
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISessionGrain>(id).GetStatusAsync()));
        foreach (var pending in statuses.Where(s => s.State == SessionState.Pending).OrderBy(s => s.CreatedAt).ThenBy(s => s.SessionId, StringComparer.Ordinal))
        {
            // The session decides in its own turn: one that was resumed since its status was read stays.
            if (await grains.GetGrain<ISessionGrain>(pending.SessionId).YieldAsync("A new session of the tenant took its place under the session cap while it was PENDING."))
            {
                return true;
            }
        }

        return false;
    }
}
