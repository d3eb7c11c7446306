using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Jobs;
using OrleansBridge.Rendering;
using OrleansBridge.Scene;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Sessions.Uploads;
using OrleansBridge.Video;

namespace OrleansBridge;

/// <summary>Registers the grains of this assembly and the services they use.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the application, session, cache ledger and scene grains, the built-in request handlers
    /// (<c>echo</c>, <c>cache.*</c>, <c>scene.*</c>, <c>job.*</c>), the session lifecycle and the application caches. Needs an
    /// <see cref="IContentCacheFactory"/> (<c>AddContentCaches</c>).
    /// </summary>
    public static IServiceCollection AddBridgeGrains(this IServiceCollection services)
    {
        services.AddSingleton<SessionLifecycle>();
        services.AddSingleton<SessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSweeper>());
        services.AddSingleton<Sessions.Ownership.SessionOwnership>();
        services.AddSingleton<ISessionHandOff>(sp => sp.GetRequiredService<Sessions.Ownership.SessionOwnership>());
        services.AddSingleton<SessionMedia>();
        services.AddSingleton<ApplicationCaches>();
        services.AddSingleton<CacheMaintenance>();
        services.AddSingleton<SessionCacheRegistry>();
        services.AddSingleton<IRequestHandler, EchoRequestHandler>();
        services.AddSingleton<IRequestHandler, CacheQueryHandler>();
        services.AddSingleton<IRequestHandler, CacheUploadHandler>();
        services.AddSingleton<IRequestHandler, CacheCancelHandler>();
        services.AddSceneRequests();
        services.AddJobs();
        services.AddSnapshotRequests();
        services.AddRendering();
        services.AddVideo();
        services.AddSingleton<RequestHandlerRegistry>();
        services.AddSingleton<IServerCapabilities, ServerCapabilities>();
        return services;
    }

    /// <summary>Warms the render and H.264 paths at start (render silos: their first stream is often a failover's).</summary>
    public static IServiceCollection AddRenderWarmup(this IServiceCollection services) => services.AddHostedService<Rendering.RenderWarmup>();
}
