using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Gateway.Connections;
using OrleansBridge.Gateway.Upgrade;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Gateway;

/// <summary>Maps one WebSocket endpoint per configured application.</summary>
public static partial class GatewayEndpoints
{
    /// <summary>Registers the gateway's services.</summary>
    public static IServiceCollection AddBridgeGateway(this IServiceCollection services)
    {
        services.AddSingleton<GatewayConnections>();
        services.AddSingleton<GatewayDrain>();
        return services;
    }

    /// <summary>Maps each application's path; call after <c>UseWebSockets</c> is not needed: the endpoint accepts itself.</summary>
    public static IEndpointRouteBuilder MapBridgeGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var catalog = services.GetRequiredService<IApplicationCatalog>();
        var connections = services.GetRequiredService<GatewayConnections>();
        var drain = services.GetRequiredService<GatewayDrain>();
        var metrics = services.GetRequiredService<Diagnostics.BridgeMetrics>();
        foreach (var application in catalog.Applications)
        {
            var connectionServices = new ConnectionServices(
                application,
                services.GetRequiredService<IGrainFactory>(),
                catalog.GetSessionHandler(application.Name),
                services.GetRequiredService<IServerCapabilities>(),
                services.GetRequiredService<TimeProvider>(),
                metrics,
                services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBridge.Gateway");
            endpoints.Map(application.Path, context => AcceptAsync(context, connectionServices, connections, drain, logger));
        }

        Viewer.ViewerEndpoints.Map(endpoints, catalog, services.GetRequiredService<IGrainFactory>());
        endpoints.MapFallback(NotFoundAsync);
        return endpoints;
    }

    /// <summary>Any other path: 404, and for a WebSocket upgrade the protocol's own code, so a client can tell a wrong URL from a refusal.</summary>
    internal static async Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        if (context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Headers[UpgradeGate.ErrorHeader] = ((int)ErrorCode.ApplicationNotFound).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(ErrorBody.Of(ErrorCode.ApplicationNotFound), ProtocolJson.Default.ErrorBody);
        }
    }

    private static async Task AcceptAsync(HttpContext context, ConnectionServices services, GatewayConnections connections, GatewayDrain drain, ILogger logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await context.Response.WriteAsync($"This is a WebSocket endpoint of OrleansBridge; connect with ws://{context.Request.Host}{context.Request.Path}.\n");
            return;
        }

        // A draining server takes no new connections: 503 with 4307 sends the client (or the load balancer) elsewhere.
        var decision = drain.IsDraining
            ? new UpgradeDecision(ErrorCode.ServerDraining, null)
            : await UpgradeGate.CheckAsync(context, services.Application, services.Grains, services.SessionHandler);
        if (decision.Error != ErrorCode.None)
        {
            LogRefused(logger, services.Application.Name, (int)decision.Error);
            services.Metrics.UpgradesRefused.Add(1, new KeyValuePair<string, object?>("code", (int)decision.Error));
            context.Response.StatusCode = ErrorCodes.HttpStatus(decision.Error);
            context.Response.Headers[UpgradeGate.ErrorHeader] = ((int)decision.Error).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(ErrorBody.Of(decision.Error), ProtocolJson.Default.ErrorBody);
            return;
        }

        var limits = services.Application.Limits;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = limits.PingInterval,
            KeepAliveTimeout = limits.PingTimeout,
            DangerousEnableCompression = false,
        });
        using var connection = new ClientConnection(socket, services, decision.Token, logger, context.RequestAborted);
        connections.Add(connection);
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            connections.Remove(connection);
        }
    }

    [LoggerMessage(EventId = Logging.LogEvents.ConnectionRefusedBeforeUpgrade, Level = LogLevel.Information, Message = "Upgrade to application {Application} refused with {Code}")]
    private static partial void LogRefused(ILogger logger, string application, int code);
}
