using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using OrleansBridge.Jobs;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Rendering;

/// <summary>Registers the render services, the render-silo placement filter, the <c>render.still</c> job and <c>cache.download</c>.</summary>
internal static class RenderingServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="RenderingOptions"/>.</summary>
    public const string Section = "Bridge:Rendering";

    public static IServiceCollection AddRendering(this IServiceCollection services)
    {
        services.AddOptions<RenderingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RenderingOptions>, RenderingOptionsValidation>());
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
