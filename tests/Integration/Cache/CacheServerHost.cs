using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Silo;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>The product's cache server role, running for real on Kestrel 127.0.0.1:0 over a folder cache.</summary>
public sealed class CacheServerHost : IAsyncDisposable
{
    public const string Token = "cache-server-test-token-0123456789";
    private readonly WebApplication _app;
    private readonly TestDirectory _data;

    private CacheServerHost(WebApplication app, TestDirectory data, Uri address)
    {
        _app = app;
        _data = data;
        Address = address;
    }

    /// <summary>The server's base URL.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts <c>--role cache-server</c> with a static token and a folder cache limited to <paramref name="maxEntryBytes"/>;
    /// <paramref name="wrap"/> may put a spy around the cache the server uses.
    /// </summary>
    public static async Task<CacheServerHost> StartAsync(long maxEntryBytes, Func<IContentCache, IContentCache>? wrap = null)
    {
        var data = new TestDirectory();
        var builder = BridgeServer.CreateBuilder([
            "--role", "cache-server", "--port", "0", "--token", Token, "--data", data.Path,
            $"--Bridge:Cache:MaxEntryBytes={maxEntryBytes}", "--Logging:LogLevel:Default=Warning",
        ]);
        if (wrap is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IContentCacheFactory>(sp => new WrappingFactory(sp.GetRequiredService<ContentCacheFactory>(), wrap)));
        }

        var app = BridgeServer.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CacheServerHost(app, data, new Uri(address));
    }

    /// <summary>An <c>address:</c> client of this server.</summary>
    public HttpContentCache Client(long maxEntryBytes, string? token = Token) => new(
        Address,
        new ContentCacheOptions { MaxEntryBytes = maxEntryBytes, ServerToken = token, Http = { RetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(20) } },
        TimeProvider.System,
        NullLogger<HttpContentCache>.Instance);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }

    private sealed class WrappingFactory(IContentCacheFactory inner, Func<IContentCache, IContentCache> wrap) : IContentCacheFactory
    {
        public IContentCache GetCache(string spec) => wrap(inner.GetCache(spec));

        public string? Validate(string spec) => inner.Validate(spec);
    }
}
