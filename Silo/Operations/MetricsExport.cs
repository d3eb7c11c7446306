using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OrleansBridge.Diagnostics;

namespace OrleansBridge.Silo.Operations;

/// <summary>
/// <c>GET /metrics</c> through OpenTelemetry's Prometheus exporter (docs/operations.md, "Metrics"):
/// this server's <see cref="BridgeMetrics"/> meter and Orleans' meter, both only as created by this
/// host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>.
/// </summary>
internal static class MetricsExport
{
    /// <summary>The meter Orleans' runtime instruments live on (<c>Orleans.Runtime.OrleansInstruments</c>).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The <c>service_name</c> of <c>target_info</c>.</summary>
    public const string ServiceName = "OrleansBridge";

    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>Subscribes the exporter to this host's meters.</summary>
    public static void AddBridgeMetricsExport(this WebApplicationBuilder builder)
    {
        // The meters are enabled by the host's metrics rules, never by the SDK's AddMeter. AddMeter
        // subscribes every meter of that name in the process (and overrides these rules), so one
        // server's /metrics would count another's; MeterScope.Local matches only meters created by this
        // host's IMeterFactory (Meter.Scope is that factory), so each server of a process exports its own.
        builder.Metrics.EnableMetrics(BridgeMetrics.MeterName, scopes: MeterScope.Local);
        builder.Metrics.EnableMetrics(OrleansMeterName, scopes: MeterScope.Local);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics => metrics.AddPrometheusExporter(prometheus =>
            {
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0; // Every scrape collects: no answer older than the request.
                prometheus.ScopeInfoEnabled = false; // No otel_scope_* labels: the series keep the labels docs/operations.md lists.
            }));
    }

    /// <summary>Maps the scraping endpoint (unauthenticated, like the other probes).</summary>
    public static void MapBridgeMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return next(context);
        }), optionsName: null);
}
