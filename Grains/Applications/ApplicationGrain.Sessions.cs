namespace OrleansBridge.Applications;

/// <summary>The sessions a tenant holds, for the gateway's look for a PENDING one that may give way.</summary>
internal sealed partial class ApplicationGrain
{
    public Task<IReadOnlyList<string>> GetSessionsAsync(string tenant) =>
        Task.FromResult<IReadOnlyList<string>>([.. _tenantBySession.Where(s => s.Value == tenant).Select(s => s.Key)]);
}
