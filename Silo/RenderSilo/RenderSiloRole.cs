using Microsoft.Extensions.Options;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Remote;

namespace OrleansBridge.Silo.RenderSilo;

/// <summary>
/// <c>--role render</c>: a full bridge (grain host and gateway) that also renders stills for other
/// silos at <see cref="RemoteRenderClient.Path"/>, authenticated by <c>Bridge:Rendering:RemoteSecret</c>.
/// It reads scenes from, and stores images in, the application's cache, which must be the one the
/// session silos use (a shared <c>path:</c>, <c>azure:</c> or <c>address:</c> cache).
/// </summary>
internal static class RenderSiloRole
{
    /// <summary>The role's name on the command line.</summary>
    public const string Name = "render";

    /// <summary>The shortest shared secret accepted.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Whether the configured role is <c>render</c>.</summary>
    public static bool IsSelected(IConfiguration configuration) =>
        string.Equals(configuration[$"{Configuration.BridgeOptions.Section}:Role"], Name, StringComparison.Ordinal);

    /// <summary>Maps the render endpoint; a missing or short secret stops the start.</summary>
    public static IEndpointRouteBuilder MapRenderSilo(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<RenderingOptions>>().Value;
        if (options.RemoteSecret is not { Length: >= MinSecretLength } secret)
        {
            throw new Configuration.BridgeConfigurationException(
                [$"Bridge:Role '{Name}' needs Bridge:Rendering:RemoteSecret of at least {MinSecretLength} characters, shared with the session silos."]);
        }

        var server = new RenderSiloEndpoint(
            secret,
            services.GetRequiredService<Orleans.IGrainFactory>(),
            services.GetRequiredService<RenderServices>(),
            services.GetRequiredService<Applications.IApplicationCatalog>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBridge.RenderSilo"));
        endpoints.MapPost(RemoteRenderClient.Path, server.RenderStillAsync);
        return endpoints;
    }
}
