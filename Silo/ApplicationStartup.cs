using OrleansBridge.Applications;
using OrleansBridge.Hosting;

namespace OrleansBridge.Silo;

/// <summary>Configure, then open: opens each application marked <c>Open</c> once the host starts.</summary>
internal sealed class ApplicationStartup : IHostedService
{
    private readonly IApplicationCatalog _catalog;
    private readonly IGrainFactory _grains;

    public ApplicationStartup(IApplicationCatalog catalog, IGrainFactory grains)
    {
        _catalog = catalog;
        _grains = grains;
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
