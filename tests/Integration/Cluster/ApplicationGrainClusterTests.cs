using OrleansBridge.Applications;

namespace OrleansBridge.Tests.Cluster;

/// <summary>
/// The application grain on a three-silo Orleans cluster: one activation cluster-wide, state that
/// survives deactivation and the death of the silo that hosted it, records that cross silos.
/// </summary>
public sealed class ApplicationGrainClusterTests : IAsyncLifetime
{
    private GrainClusterFixture? _cluster;

    private GrainClusterFixture Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    private IApplicationGrain Grain => Cluster.Cluster.Client.GetGrain<IApplicationGrain>(GrainClusterFixture.Application);

    public async Task InitializeAsync() => _cluster = await GrainClusterFixture.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Admit_FromTheClient_OneActivationCountsEveryTenantsSessions()
    {
        await Grain.OpenAsync();
        var first = await Grain.AdmitAsync("studio", tenantLimit: null);
        var second = await Grain.AdmitAsync("studio", tenantLimit: null);
        var third = await Grain.AdmitAsync("studio", tenantLimit: null);

        Assert.True(first.Admitted);
        Assert.True(second.Admitted);
        Assert.Equal(ErrorCode.TenantSessionLimit, third.Error); // the catalog's cap is 2 per tenant
        Assert.NotEqual(first.SessionId, second.SessionId);
        var status = await Grain.GetStatusAsync();
        Assert.Equal(2, status.Sessions);
        Assert.Equal(2, status.SessionsByTenant["studio"]);
    }

    [Fact]
    public async Task Deactivated_NextCall_ReactivatesWithTheStoredOpenState()
    {
        await Grain.OpenAsync();
        await Grain.CloseAsync();
        Assert.NotNull(Cluster.HostOf(Grain));

        await Cluster.Cluster.DeactivateAsync(Grain);

        Assert.Null(Cluster.HostOf(Grain));
        var status = await Grain.GetStatusAsync();
        Assert.False(status.IsOpen); // read back from the folder, not the default of a new activation
        Assert.NotNull(Cluster.HostOf(Grain));
    }

    [Fact]
    public async Task HostingSiloKilled_NextCall_ReactivatesOnAnotherSiloFromStorage()
    {
        await Grain.OpenAsync();
        var host = Cluster.HostOf(Grain) ?? throw new InvalidOperationException("The grain is not active after a call.");

        await Cluster.Cluster.KillSiloAsync(host);
        await Cluster.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        var status = await Grain.GetStatusAsync();
        Assert.True(status.IsOpen);
        var newHost = Cluster.HostOf(Grain);
        Assert.NotNull(newHost);
        Assert.NotSame(host, newHost);
    }
}
