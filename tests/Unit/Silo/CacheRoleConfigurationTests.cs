using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansBridge.Silo;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Silo.Hosting;
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
    public async Task AzureGrainStorageSpec_SelectsOrleansBlobGrainStorage_Shared()
    {
        using var data = new TestDirectory();
        var builder = BridgeServer.CreateBuilder(["--data", data.Path, "--token", "a-token-long-enough-1234", "--Bridge:Grains:Storage=azure:UseDevelopmentStorage=true;container=grains"]);
        await using var app = BridgeServer.Build(builder);

        var setup = app.Services.GetRequiredService<GrainStorageSetup>();
        Assert.Equal("Orleans.Storage.AzureBlobGrainStorage", app.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.ProviderName).GetType().FullName);
        Assert.Same(app.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.ProviderName), setup.Provider);
        Assert.True(setup.Shared);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KubernetesSetting_AddsOrleansKubernetesHosting_ToAClusterSilo(bool kubernetes)
    {
        using var data = new TestDirectory();
        var builder = BridgeServer.CreateBuilder(["--data", data.Path, "--token", "a-token-long-enough-1234",
            "--Bridge:Grains:Storage=azure:UseDevelopmentStorage=true;container=grains", $"--Bridge:Grains:Kubernetes={kubernetes}"]);
        builder.AddBridgeSilo(); // what Build does; not built: outside a pod the hosting options do not validate (no POD_NAMESPACE)

        // Its agent watches the cluster's pods from the silo's start.
        Assert.Equal(kubernetes, builder.Services.Any(d => d.ImplementationType?.FullName == "Orleans.Hosting.Kubernetes.KubernetesClusterAgent"));
    }

    [Fact]
    public async Task PathGrainStorageSpec_SelectsTheFolderStorage_UnderTheDataRoot()
    {
        using var data = new TestDirectory();
        var builder = BridgeServer.CreateBuilder(["--data", data.Path, "--token", "a-token-long-enough-1234", "--Bridge:Grains:Storage=path:state"]);
        await using var app = BridgeServer.Build(builder);

        var setup = app.Services.GetRequiredService<GrainStorageSetup>();
        var folder = Assert.IsType<FolderGrainStorage>(setup.Provider);
        Assert.False(setup.Shared);
        Assert.StartsWith(Path.Combine(data.Path, "state"), folder.FileOf("session", Orleans.Runtime.GrainId.Create("session", "s")), StringComparison.Ordinal);
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
