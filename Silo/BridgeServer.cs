using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansBridge.Applications;
using OrleansBridge.Diagnostics;
using OrleansBridge.Gateway;
using OrleansBridge.Gateway.Proxy;
using OrleansBridge.Hosting;
using OrleansBridge.Silo.Admin;
using OrleansBridge.Silo.CacheServer;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Silo.Hosting;
using OrleansBridge.Silo.Operations;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Silo;

/// <summary>
/// Composes the server: configuration (embedded defaults, appsettings, <c>Bridge__…</c> environment
/// variables, command line), the grain host, storage and the gateway. Tests build it the same way,
/// on port 0 and a temporary data folder.
/// </summary>
public static class BridgeServer
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--port"] = "Bridge:Port",
        ["--token"] = "Bridge:Token",
        ["--data"] = "Bridge:Data",
        ["--host"] = "Bridge:Host",
        ["--role"] = "Bridge:Role",
    };

    /// <summary>Creates a builder with the product's configuration sources and services.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = context.Configuration.GetSection(BridgeOptions.Section).Get<BridgeOptions>() ?? new BridgeOptions();
            // An unparsable host is reported with the other configuration problems when the catalog is built.
            kestrel.Listen(IPAddress.TryParse(options.Host, out var host) ? host : IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
        });

        var services = builder.Services;
        services.Configure<BridgeOptions>(builder.Configuration.GetSection(BridgeOptions.Section));
        services.Configure<OrleansBridge.Sessions.Ownership.SessionOwnershipOptions>(builder.Configuration.GetSection($"{BridgeOptions.Section}:Sessions"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecurityBootstrap>();
        services.AddSingleton<IApplicationCatalog>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BridgeOptions>>().Value;
            sp.GetRequiredService<SecurityBootstrap>().Apply(options);
            return CatalogBuilder.Build(options, DataRoot(options), sp.GetRequiredService<TimeProvider>());
        });
        services.Configure<ContentCacheOptions>(builder.Configuration.GetSection($"{BridgeOptions.Section}:Cache"));
        services.Configure<OrleansBridge.Scene.Snapshots.SnapshotOptions>(builder.Configuration.GetSection(OrleansBridge.Scene.Snapshots.SnapshotOptions.Section));
        services.AddContentCaches();
        services.AddMetrics();
        services.AddSingleton(sp => new BridgeMetrics(sp.GetRequiredService<IMeterFactory>().Create(BridgeMetrics.MeterName)));
        builder.AddBridgeMetricsExport();
        if (CacheServerRole.IsSelected(builder.Configuration))
        {
            services.AddHealthChecks();
            return builder; // The cache server runs no grains and no gateway.
        }

        if (GatewayRole.IsSelected(builder.Configuration))
        {
            services.AddHealthChecks();
            return builder; // A gateway process runs no grains: an Orleans client, in Build.
        }

        services.AddSingleton<ISiloEndpoint, KestrelSiloEndpoint>();
        services.AddBridgeGrains();
        services.AddOptions<OrleansBridge.Jobs.JobOptions>()
            .Bind(builder.Configuration.GetSection($"{BridgeOptions.Section}:Jobs"))
            .PostConfigure<IOptions<BridgeOptions>>((jobs, bridge) => jobs.PluginFolder = jobs.PluginFolder is { Length: > 0 } folder
                ? Path.GetFullPath(folder, DataRoot(bridge.Value)) // docs/jobs.md: relative to the data root.
                : null);
        services.Configure<OrleansBridge.Rendering.RenderingOptions>(builder.Configuration.GetSection($"{BridgeOptions.Section}:Rendering"));
        services.AddBridgeGateway();
        services.AddHostedService<ApplicationStartup>();
        services.AddSingleton<ReadinessProbe>();
        services.AddHostedService<DrainService>();
        if (RenderSilo.RenderSiloRole.IsSelected(builder.Configuration))
        {
            services.AddRenderWarmup();
        }

        services.AddHealthChecks();
        return builder;
    }

    /// <summary>Builds the app and maps its endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (GatewayRole.IsSelected(builder.Configuration))
        {
            builder.AddClusterClient();
            var gateway = builder.Build();
            OperationsEndpoints.Map(gateway);
            OperationsEndpoints.MapGatewayReadiness(gateway);
            gateway.UseWebSockets();
            gateway.MapHealthChecks("/healthz");
            gateway.MapGatewayProxy();
            return gateway;
        }

        var before = builder.Services.Count;
        if (!CacheServerRole.IsSelected(builder.Configuration))
        {
            // Here rather than in CreateBuilder: whether the silo joins a cluster depends on settings a
            // host may still add after creating the builder.
            builder.AddBridgeSilo();
            StartSiloFirst(builder.Services, before);
        }


        var app = builder.Build();
        OperationsEndpoints.Map(app);
        if (CacheServerRole.IsSelected(app.Configuration))
        {
            app.MapHealthChecks("/healthz");
            app.MapCacheServer();
            return app;
        }

        var metrics = app.Services.GetRequiredService<BridgeMetrics>();
        app.Services.GetRequiredService<OrleansBridge.Sessions.SessionLifecycle>().Transitioned += t => metrics.SessionTransition(t.Previous, t.State);
        app.UseWebSockets();
        app.MapHealthChecks("/healthz");
        CacheAdminEndpoints.Map(app);
        if (ClusterDashboard.Enabled(app.Configuration) is { } dashboard)
        {
            ClusterDashboard.Map(app, dashboard);
        }

        app.MapBridgeGateway();
        return app;
    }

    /// <summary>
    /// Moves the hosted services the silo registered (from <paramref name="from"/> on) ahead of every
    /// other: hosts start them in order, and the product's own (application startup, the session sweep,
    /// drain) call grains, which needs the silo to have joined its cluster.
    /// </summary>
    private static void StartSiloFirst(IServiceCollection services, int from)
    {
        var silo = services.Skip(from).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        var first = services.Take(from).ToList().FindIndex(d => d.ServiceType == typeof(IHostedService));
        if (first < 0)
        {
            return;
        }

        foreach (var descriptor in silo)
        {
            services.Remove(descriptor);
        }

        for (var i = silo.Count - 1; i >= 0; i--)
        {
            services.Insert(first, silo[i]);
        }
    }

    /// <summary>The absolute data root.</summary>
    public static string DataRoot(BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.GetFullPath(options.Data, Environment.CurrentDirectory);
    }
}
