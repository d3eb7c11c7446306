using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Gateway;
using OrleansBridge.Sessions;
using OrleansBridge.Silo;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// The real server, composed exactly as the product is, on Kestrel at 127.0.0.1:0 with a temporary
/// data folder. Tests may add configuration and services (a manual clock, an extra request handler).
/// </summary>
public sealed class BridgeTestServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";
    public const string AdminToken = "test-admin-token-0123456789abcdef";
    public const string SigningKey = "c2lnbmluZy1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXMhIQ=="; // 34 bytes
    private readonly TestDirectory _data;
    private readonly bool _ownsData;
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SessionTransition> _transitions = new();
    private readonly List<(Func<SessionTransition, bool> Match, TaskCompletionSource<SessionTransition> Done)> _waiters = [];

    private BridgeTestServer(WebApplication app, TestDirectory data, bool ownsData)
    {
        _app = app;
        _data = data;
        _ownsData = ownsData;
        Services.GetRequiredService<SessionLifecycle>().Transitioned += OnTransition;
    }

    /// <summary>Server log level in tests: Warning, or $BRIDGE_TEST_LOGLEVEL (e.g. Debug) when chasing a failure.</summary>
    private static string LogLevelName => Environment.GetEnvironmentVariable("BRIDGE_TEST_LOGLEVEL") ?? "Warning";

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public GatewayConnections Connections => Services.GetRequiredService<GatewayConnections>();

    /// <summary>ws://127.0.0.1:port</summary>
    public Uri BaseUri { get; private set; } = new("ws://127.0.0.1");

    /// <summary>The default application's endpoint.</summary>
    public Uri Url => new(BaseUri, "/bridge");

    public int Port => BaseUri.Port;

    public static async Task<BridgeTestServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string environment = "Production",
        TestDirectory? sharedData = null)
    {
        // A shared data folder outlives this server: a later one started on it sees what this one stored.
        var data = sharedData ?? new TestDirectory();
        var args = new List<string> { "--port", "0", "--data", data.Path, "--token", Token, "--environment", environment };
        var builder = BridgeServer.CreateBuilder([.. args]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Auth:SigningKeys:k1"] = SigningKey,
            ["Bridge:AdminTokens:0"] = AdminToken,
            ["Logging:LogLevel:Default"] = LogLevelName,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(LogLevelName));
        if (Environment.GetEnvironmentVariable("BRIDGE_TEST_LOGDIR") is { Length: > 0 } logDir)
        {
            Directory.CreateDirectory(logDir);
            builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(logDir, $"server-{Guid.NewGuid():N}.log")));
        }
        services?.Invoke(builder.Services);
        var server = new BridgeTestServer(BridgeServer.Build(builder), data, ownsData: sharedData is null);
        try
        {
            await server._app.StartAsync();
        }
        catch
        {
            // A server that does not start (a configuration it refuses) leaves no folder or host behind.
            await server._app.DisposeAsync();
            if (server._ownsData)
            {
                server._data.Dispose();
            }

            throw;
        }

        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri("ws" + address["http".Length..]);
        return server;
    }

    public string DataPath => _data.Path;

    /// <summary>Every session transition so far.</summary>
    public IReadOnlyCollection<SessionTransition> Transitions => _transitions;

    /// <summary>Completes when a transition matching the filter happens (or already happened).</summary>
    public Task<SessionTransition> WaitForTransitionAsync(Func<SessionTransition, bool> match)
    {
        lock (_waiters)
        {
            var existing = _transitions.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var done = new TaskCompletionSource<SessionTransition>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public Task<SessionTransition> WaitForStateAsync(string sessionId, SessionState state) =>
        WaitForTransitionAsync(t => t.SessionId == sessionId && t.State == state);

    public Task<ApplicationStatus> ApplicationStatusAsync(string name = "bridge") =>
        Grains.GetGrain<IApplicationGrain>(name).GetStatusAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsData)
        {
            _data.Dispose();
        }
    }

    private void OnTransition(SessionTransition transition)
    {
        lock (_waiters)
        {
            _transitions.Enqueue(transition);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(transition))
                {
                    _waiters[i].Done.TrySetResult(transition);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
