namespace OrleansBridge.Silo.Operations;

/// <summary><c>GET /metrics</c> (Prometheus text, <see cref="MetricsExport"/>) and <c>GET /readyz</c>; <c>/healthz</c> is the health-check middleware.</summary>
internal static class OperationsEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapBridgeMetrics();
        if (app.Services.GetService<ReadinessProbe>() is { } probe)
        {
            app.MapGet("/readyz", async (HttpContext context) =>
            {
                var (ready, reason) = await probe.CheckAsync(context.RequestAborted);
                context.Response.Headers.CacheControl = "no-store";
                return Results.Text(ready ? "Ready" : $"Not ready: {reason}", "text/plain", statusCode: ready ? 200 : 503);
            });
        }
    }

    /// <summary>
    /// <c>GET /readyz</c> of a gateway process: ready when a silo of the cluster answers where clients
    /// go (<see cref="Sessions.IGatewayRouteGrain"/>) within two seconds, and the process is not stopping.
    /// </summary>
    public static void MapGatewayReadiness(WebApplication app)
    {
        var cluster = app.Services.GetRequiredService<Orleans.IGrainFactory>();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        app.MapGet("/readyz", async (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return Results.Text("Not ready: stopping", "text/plain", statusCode: 503);
            }

            try
            {
                var endpoint = await cluster.GetGrain<Sessions.IGatewayRouteGrain>(0).EndpointAsync().WaitAsync(TimeSpan.FromSeconds(2), context.RequestAborted);
                return endpoint is null
                    ? Results.Text("Not ready: no silo listens yet", "text/plain", statusCode: 503)
                    : Results.Text("Ready", "text/plain", statusCode: 200);
            }
            catch (Exception ex) when (OrleansBridge.Hosting.ClusterFailure.IsTransient(ex))
            {
                return Results.Text("Not ready: no silo of the cluster answers", "text/plain", statusCode: 503);
            }
        });
    }
}
