using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Applications;
using OrleansBridge.Silo;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Tests.Silo;

public sealed class ConfigurationTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Build_ProductionWithoutAnyToken_RefusesToStartNamingTheFix()
    {
        var builder = BridgeServer.CreateBuilder(["--environment", "Production", "--data", _data.Path, "--port", "0"]);

        var ex = Assert.Throws<BridgeConfigurationException>(() => BridgeServer.Build(builder));

        Assert.Contains("--token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bridge", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_DevelopmentWithoutToken_GeneratesAndKeepsADevelopmentToken()
    {
        string first;
        await using (var app = BridgeServer.Build(BridgeServer.CreateBuilder(["--environment", "Development", "--data", _data.Path, "--port", "0"])))
        {
            first = app.Services.GetRequiredService<SecurityBootstrap>().DevelopmentToken!;
        }

        await using var again = BridgeServer.Build(BridgeServer.CreateBuilder(["--environment", "Development", "--data", _data.Path, "--port", "0"]));

        Assert.StartsWith("dev-", first, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_data.Path, "dev-token")));
        Assert.Equal(first, again.Services.GetRequiredService<SecurityBootstrap>().DevelopmentToken);
    }

    [Fact]
    public async Task Build_Defaults_OneApplicationAtBridgeWithCacheUnderData()
    {
        await using var app = BridgeServer.Build(BridgeServer.CreateBuilder(["--environment", "Production", "--data", _data.Path, "--token", "a-token-of-enough-length", "--port", "0"]));

        var application = Assert.Single(app.Services.GetRequiredService<IApplicationCatalog>().Applications);

        Assert.Equal("/bridge", application.Path);
        Assert.Equal("path:" + Path.Combine(_data.Path, "cache"), application.Cache);
        Assert.Equal(Path.Combine(_data.Path, "snapshots"), application.Snapshots);
        Assert.Equal(TimeSpan.FromSeconds(60), application.GraceWindow);
    }

    [Fact]
    public void Build_InvalidSettings_ListsEveryProblemWithItsKey()
    {
        var builder = BridgeServer.CreateBuilder(["--environment", "Production", "--data", _data.Path, "--token", "short"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Path"] = "no-slash",
            ["Bridge:Applications:bridge:Limits:MaxMessageBytes"] = "10",
            ["Bridge:Applications:other:Path"] = "/other",
            ["Bridge:Applications:other:Auth:SigningKeys:k"] = "not base64!",
        });

        var ex = Assert.Throws<BridgeConfigurationException>(() => BridgeServer.Build(builder));

        Assert.Contains(ex.Problems, p => p.StartsWith("Bridge:Applications:bridge:Path", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("MaxMessageBytes", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("at least 16 characters", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("SigningKeys:k is not base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_TwoApplications_BothInCatalogWithOwnPaths()
    {
        var builder = BridgeServer.CreateBuilder(["--environment", "Production", "--data", _data.Path, "--token", "a-token-of-enough-length", "--port", "0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Applications:review:Path"] = "/review",
            ["Bridge:Applications:review:Cache"] = "path:review-cache",
            ["Bridge:Applications:review:Auth:Tokens:0:Token"] = "review-token-0123456789",
            ["Bridge:Applications:review:Auth:Tokens:0:Tenant"] = "reviewers",
        });

        await using var app = BridgeServer.Build(builder);
        var catalog = app.Services.GetRequiredService<IApplicationCatalog>();

        Assert.Equal(["/bridge", "/review"], catalog.Applications.Select(a => a.Path).Order());
        Assert.True(catalog.TryGet("review", out var review));
        Assert.Equal("path:" + Path.Combine(_data.Path, "review-cache"), review.Cache);
    }

    [Fact]
    public async Task Build_CacheQuotaAndBudget_ReadIntoTheApplicationSettings()
    {
        var builder = BridgeServer.CreateBuilder(["--environment", "Production", "--data", _data.Path, "--token", "a-token-of-enough-length", "--port", "0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:CacheBudgetBytes"] = "1000000",
            ["Bridge:Applications:bridge:Limits:MaxTenantCacheBytes"] = "500000",
        });

        await using var app = BridgeServer.Build(builder);
        var application = Assert.Single(app.Services.GetRequiredService<IApplicationCatalog>().Applications);

        Assert.Equal((1_000_000L, 500_000L), (application.CacheBudgetBytes, application.Limits.MaxTenantCacheBytes));
    }

    [Fact]
    public void Build_BudgetOnARemoteCacheOrNegativeQuota_RefusedNamingTheKeys()
    {
        var builder = BridgeServer.CreateBuilder(["--environment", "Production", "--data", _data.Path, "--token", "a-token-of-enough-length", "--port", "0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Cache"] = "address:http://127.0.0.1:5090",
            ["Bridge:Applications:bridge:CacheBudgetBytes"] = "1000000",
            ["Bridge:Applications:bridge:Limits:MaxTenantCacheBytes"] = "-1",
        });

        var ex = Assert.Throws<BridgeConfigurationException>(() => BridgeServer.Build(builder));

        Assert.Contains(ex.Problems, p => p.StartsWith("Bridge:Applications:bridge:CacheBudgetBytes", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("Bridge:Applications:bridge:Limits:MaxTenantCacheBytes", StringComparison.Ordinal));
    }
}
