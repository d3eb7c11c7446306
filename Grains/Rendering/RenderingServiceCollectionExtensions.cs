using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using OrleansBridge.Jobs;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Rendering;

/// <summary>Registers the render services, the render-silo placement filter, the <c>render.still</c> job and <c>cache.download</c>.</summary>
internal static class RenderingServiceCollectionExtensions
{
    public static IServiceCollection AddRendering(this IServiceCollection services)
    {
        services.AddOptions<RenderingOptions>();
        services.AddSingleton<RenderServices>();
        services.AddPlacementFilter<Placement.RenderSiloPlacementFilterStrategy, Placement.RenderSiloPlacementFilterDirector>(ServiceLifetime.Singleton);

        // One adapter and one prepared-scene cache per process: stills and video contexts share them
        // (and, through the scene cache, the mesh BVHs), under the configured limits.
        services.AddSingleton(sp => sp.GetRequiredService<RenderServices>().Scenes);
        services.AddSingleton(sp => sp.GetRequiredService<RenderServices>().Adapter);
        services.AddSingleton<IJob, RenderStillJob>();
        services.AddSingleton<IRequestHandler, CacheDownloadHandler>();
        return services;
    }
}
