using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansBridge.Applications;
using OrleansBridge.Silo;
using OrleansBridge.Silo.CacheServer;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Storage.Cache;

try
{
    var app = BridgeServer.Build(BridgeServer.CreateBuilder(args));
    await app.StartAsync();
    if (CacheServerRole.IsSelected(app.Configuration))
    {
        CacheServerRole.PrintBanner(app);
    }
    else
    {
        PrintBanner(app);
    }

    await app.WaitForShutdownAsync();
    return 0;
}
catch (BridgeConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

static void PrintBanner(WebApplication app)
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://?";
    var ws = "ws" + address["http".Length..];
    var security = app.Services.GetRequiredService<SecurityBootstrap>();
    var token = security.CommandLineToken ?? security.DevelopmentToken;
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBridge.Silo");
    SiloLog.Listening(logger, address, app.Environment.EnvironmentName);
    if (security.DevelopmentToken is not null)
    {
        SiloLog.DevelopmentToken(logger, Path.Combine(BridgeServer.DataRoot(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BridgeOptions>>().Value), "dev-token"));
    }

    Console.WriteLine($"OrleansBridge is listening on {address} ({app.Environment.EnvironmentName})");
    foreach (var application in app.Services.GetRequiredService<IApplicationCatalog>().Applications)
    {
        Console.WriteLine($"  application '{application.Name}': {ws}{application.Path}  cache {ContentCacheSpec.Describe(application.Cache)}");
    }

    if (security.DevelopmentToken is not null)
    {
        Console.WriteLine($"  development token: {security.DevelopmentToken}");
    }

    var first = app.Services.GetRequiredService<IApplicationCatalog>().Applications[0];
    Console.WriteLine($"Connect: dotnet run --project Client/Cli -- info --server {ws}{first.Path} --token {token ?? "<your token>"}");
}
