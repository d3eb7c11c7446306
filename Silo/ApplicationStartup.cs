using Orleans;
using OrleansBridge.Applications;

namespace OrleansBridge.Silo;

/// <summary>Configure, then open: opens each application marked <c>Open</c> once the host starts.</summary>
internal sealed class ApplicationStartup : IHostedService
{
    private readonly IApplicationCatalog _catalog;
    private readonly IGrainFactory _grains;
    private readonly Operations.ReadinessProbe _readiness;

    public ApplicationStartup(IApplicationCatalog catalog, IGrainFactory grains, Operations.ReadinessProbe readiness)
    {
        _catalog = catalog;
        _grains = grains;
        _readiness = readiness;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var application in _catalog.Applications)
        {
            var grain = _grains.GetGrain<IApplicationGrain>(application.Name);
            if (application.OpenAtStart)
            {
                await grain.OpenAsync();
            }
            else
            {
                await grain.CloseAsync();
            }
        }

        _readiness.ApplicationsOpened();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
