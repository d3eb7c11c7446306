using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Admission;
using OrleansBridge.Applications;
using OrleansBridge.Gateway.Upgrade;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Gateway.Proxy;

/// <summary>
/// The application paths of a gateway process (<c>--role gateway</c>, an Orleans client of the
/// cluster): the same checks before the upgrade as a silo's gateway (Origin, application open,
/// token), then each client is forwarded to the silo that holds its session (<see cref="ProxyConnection"/>).
/// </summary>
public static class ProxyEndpoints
{
    /// <summary>Maps every configured application's path.</summary>
    public static IEndpointRouteBuilder MapGatewayProxy(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var catalog = services.GetRequiredService<IApplicationCatalog>();
        var cluster = services.GetRequiredService<IGrainFactory>();
        var metrics = services.GetRequiredService<Diagnostics.BridgeMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBridge.Gateway.Proxy");
        foreach (var application in catalog.Applications)
        {
            var handler = catalog.GetSessionHandler(application.Name);
            endpoints.Map(application.Path, context => AcceptAsync(context, application, cluster, handler, metrics, logger));
        }

        endpoints.MapFallback(GatewayEndpoints.NotFoundAsync);
        return endpoints;
    }

    private static async Task AcceptAsync(HttpContext context, ApplicationSettings application, IGrainFactory cluster, ISessionHandler handler, Diagnostics.BridgeMetrics metrics, ILogger logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await context.Response.WriteAsync($"This is a WebSocket endpoint of OrleansBridge; connect with ws://{context.Request.Host}{context.Request.Path}.\n");
            return;
        }

        var decision = await UpgradeGate.CheckAsync(context, application, cluster, handler);
        if (decision.Error != ErrorCode.None)
        {
            metrics.UpgradesRefused.Add(1, new KeyValuePair<string, object?>("code", (int)decision.Error));
            context.Response.StatusCode = ErrorCodes.HttpStatus(decision.Error);
            context.Response.Headers[UpgradeGate.ErrorHeader] = ((int)decision.Error).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(ErrorBody.Of(decision.Error), ProtocolJson.Default.ErrorBody);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        await new ProxyConnection(context, socket, application, cluster, logger).RunAsync(context.RequestAborted);
    }
}
