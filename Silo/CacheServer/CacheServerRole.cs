using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Http;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Silo.CacheServer;

/// <summary>
/// <c>--role cache-server</c>: the process serves one content cache over HTTP (<see cref="CacheHttp"/>)
/// and nothing else — no grain host, no gateway. It serves the cache of the default application
/// (<c>bridge</c>, else the first configured) and admits the same tokens as that application's
/// session handler (<c>--token</c>, static or signed tokens), so <c>address:</c> clients on other
/// nodes authenticate exactly as WebSocket clients do.
/// </summary>
internal static class CacheServerRole
{
    /// <summary>The role's name on the command line.</summary>
    public const string Name = "cache-server";

    /// <summary>The default role: grain host and gateway.</summary>
    public const string Bridge = "bridge";

    /// <summary>The configured role; throws for an unknown one.</summary>
    public static bool IsSelected(IConfiguration configuration)
    {
        var role = configuration[$"{Configuration.BridgeOptions.Section}:Role"] ?? Bridge;
        return role switch
        {
            Bridge or RenderSilo.RenderSiloRole.Name or GatewayRole.Name => false,
            Name => true,
            _ => throw new Configuration.BridgeConfigurationException([$"Bridge:Role '{role}' is unknown; use {Bridge} (the default), {RenderSilo.RenderSiloRole.Name}, {GatewayRole.Name} or {Name}."]),
        };
    }

    /// <summary>Maps the cache endpoints; the cache and its tokens are resolved now, so a bad spec stops the start.</summary>
    public static IEndpointRouteBuilder MapCacheServer(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var application = DefaultApplication(services.GetRequiredService<IApplicationCatalog>());
        var catalog = services.GetRequiredService<IApplicationCatalog>();
        var server = new CacheServerEndpoints(
            services.GetRequiredService<IContentCacheFactory>().GetCache(application.Cache),
            catalog.GetSessionHandler(application.Name),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBridge.CacheServer"));
        endpoints.MapGet(CacheHttp.Prefix, server.Authenticated(server.ListAsync));
        endpoints.MapPost(CacheHttp.MissingPath, server.Authenticated(server.FindMissingAsync));
        endpoints.MapMethods($"{CacheHttp.Prefix}/{{**key}}", [HttpMethods.Get, HttpMethods.Head], server.Authenticated(server.GetAsync));
        endpoints.MapPut($"{CacheHttp.Prefix}/{{**key}}", server.Authenticated(server.PutAsync));
        endpoints.MapDelete($"{CacheHttp.Prefix}/{{**key}}", server.Authenticated(server.DeleteAsync));
        return endpoints;
    }

    /// <summary>What the console shows when the cache server has started.</summary>
    public static void PrintBanner(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://?";
        var application = DefaultApplication(app.Services.GetRequiredService<IApplicationCatalog>());
        var security = app.Services.GetRequiredService<SecurityBootstrap>();
        Console.WriteLine($"OrleansBridge cache server is listening on {address}{CacheHttp.Prefix} ({app.Environment.EnvironmentName})");
        Console.WriteLine($"  serving cache {ContentCacheSpec.Describe(application.Cache)} with the tokens of application '{application.Name}'");
        if (security.DevelopmentToken is not null)
        {
            Console.WriteLine($"  development token: {security.DevelopmentToken}");
        }

        Console.WriteLine($"Use it from a bridge: Bridge:Applications:<name>:Cache=address:{address} and Bridge:Cache:ServerToken=<token>");
    }

    private static ApplicationSettings DefaultApplication(IApplicationCatalog catalog) =>
        catalog.TryGet(Bridge, out var named) ? named : catalog.Applications[0];
}
