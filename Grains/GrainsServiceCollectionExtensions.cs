using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Applications;
using OrleansBridge.Hosting;
using OrleansBridge.Scene;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge;

/// <summary>Registers the grains of this assembly and the services they use.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds the application and session grains, the built-in request handlers and the session lifecycle.</summary>
    public static IServiceCollection AddBridgeGrains(this IServiceCollection services)
    {
        services.AddSingleton(new GrainRegistration(typeof(IApplicationGrain), typeof(ApplicationGrain)));
        services.AddSingleton(new GrainRegistration(typeof(ISessionGrain), typeof(SessionGrain)));
        services.AddSingleton(new GrainRegistration(typeof(ISceneGrain), typeof(SceneGrain)));
        services.AddSingleton<SessionLifecycle>();
        services.AddSingleton<IRequestHandler, EchoRequestHandler>();
        services.AddSceneRequests();
        services.AddSingleton<RequestHandlerRegistry>();
        services.AddSingleton<IServerCapabilities, ServerCapabilities>();
        return services;
    }
}
