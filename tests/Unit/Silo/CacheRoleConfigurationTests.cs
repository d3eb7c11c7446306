using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Hosting;
using OrleansBridge.Silo;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Storage;

namespace OrleansBridge.Tests.Silo;

public sealed class CacheRoleConfigurationTests
{
    [Fact]
    public void UnknownRole_StopsTheStartWithAMessage()
    {
        var error = Assert.Throws<BridgeConfigurationException>(() => BridgeServer.CreateBuilder(["--role", "cash-server"]));

        Assert.Contains("cash-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureGrainStorageSpec_SelectsBlobGrainStorage()
    {
        using var data = new TestDirectory();
        var builder = BridgeServer.CreateBuilder(["--data", data.Path, "--Bridge:Grains:Storage=azure:UseDevelopmentStorage=true;container=grains"]);
        using var services = builder.Services.BuildServiceProvider();

        Assert.IsType<BlobGrainStorage>(services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public void InvalidCacheSpec_IsReportedWithItsKey()
    {
        using var data = new TestDirectory();
        var builder = BridgeServer.CreateBuilder(["--data", data.Path, "--token", "a-token-long-enough-1234", "--Bridge:Applications:bridge:Cache=azure:AccountName=x"]);
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<BridgeConfigurationException>(() => services.GetRequiredService<OrleansBridge.Applications.IApplicationCatalog>());

        Assert.Contains("Bridge:Applications:bridge:Cache", error.Message, StringComparison.Ordinal);
        Assert.Contains("container", error.Message, StringComparison.Ordinal);
    }
}
