using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Gateway;
using OrleansBridge.Silo;

namespace OrleansBridge.Bench.Spine;

/// <summary>The real server, composed like <c>Program.cs</c> does, listening on 127.0.0.1 and a free port.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;

    private InProcessServer(WebApplication app, DirectoryInfo data, Uri url)
    {
        _app = app;
        _data = data;
        Url = url;
        Connections = app.Services.GetRequiredService<GatewayConnections>();
    }

    /// <summary>The default application's WebSocket address.</summary>
    public Uri Url { get; }

    /// <summary>The gateway's live connections (to drop a session's socket).</summary>
    public GatewayConnections Connections { get; }

    public static async Task<InProcessServer> StartAsync(string token, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("spine-inproc-");
        var app = BridgeServer.Build(BridgeServer.CreateBuilder(SpineServerArgs.Build(token, data.FullName)));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server reported no listening address.");
        return new InProcessServer(app, data, new Uri("ws" + address["http".Length..] + "/bridge"));
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
