using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Jobs;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Jobs;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// One real server for the JavaScript client's and the browser's tests: the product's composition
/// plus the <c>record</c> method, the <c>test.block</c> job, a TCP relay in front of it, and the
/// <see cref="TestControl"/> endpoints through which a test in another process acts on the server side.
/// </summary>
public sealed class ViewerServerFixture : IAsyncLifetime
{
    private readonly RecordingHandler _recorder = new();
    private TestControl? _control;
    private BridgeTestServer? _server;
    private TcpRelay? _relay;

    public BridgeTestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public TcpRelay Relay => _relay ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>http://127.0.0.1:port, the origin of the page.</summary>
    public Uri HttpBase => new($"http://127.0.0.1:{Server.Port}/");

    /// <summary>The environment node's tests read (tests/Js/bridge-client.test.mjs).</summary>
    public IReadOnlyDictionary<string, string> NodeEnvironment => new Dictionary<string, string>
    {
        ["BRIDGE_URL"] = Server.Url.ToString(),
        ["BRIDGE_RELAY_URL"] = $"ws://127.0.0.1:{Relay.Port}/bridge",
        ["BRIDGE_TOKEN"] = BridgeTestServer.Token,
        ["BRIDGE_CONTROL"] = $"http://127.0.0.1:{Server.Port}{TestControl.Prefix}",
    };

    public async Task InitializeAsync()
    {
        _control = new TestControl(_recorder);
        _server = await BridgeTestServer.StartAsync(services: services =>
        {
            services.AddSingleton<IRequestHandler>(_recorder);
            services.AddSingleton<IJob>(new BlockingJob());
            services.AddSingleton<IStartupFilter>(_control);
        });
        _relay = new TcpRelay(Server.Port);
        _control.Relay = _relay;
        _control.Connections = Server.Connections;
    }

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
