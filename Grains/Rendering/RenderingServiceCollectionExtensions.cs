using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Hosting;
using OrleansBridge.Jobs;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Rendering;

/// <summary>Registers the render workers, the <c>render.still</c> job and <c>cache.download</c>.</summary>
internal static class RenderingServiceCollectionExtensions
{
    public static IServiceCollection AddRendering(this IServiceCollection services)
    {
        services.AddOptions<RenderingOptions>();
        services.AddSingleton<RenderServices>();
        services.AddSingleton(new GrainRegistration(typeof(IRenderGrain), typeof(RenderGrain)));
        services.AddSingleton<IJob, RenderStillJob>();
        services.AddSingleton<IRequestHandler, CacheDownloadHandler>();
        return services;
    }
}
