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
}
