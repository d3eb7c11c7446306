using System.Text.Json;
using System.Text.RegularExpressions;
using static OrleansBridge.Tests.Deployment.KubernetesManifest;

namespace OrleansBridge.Tests.Deployment;

/// <summary>
/// <c>azure/bicep/main.bicep</c> compiled by the real Bicep compiler (<see cref="BicepCompiler"/>): it
/// type-checks every resource against the API version it names and runs its default linter rules. What
/// it cannot tell is whether ARM accepts the deployment in a given subscription and region.
/// </summary>
public sealed partial class AzureDeploymentTests
{
    private static readonly string MainBicep = RepositoryPaths.Under("azure", "bicep", "main.bicep");

    /// <summary>A compile takes seconds; minutes on a loaded machine.</summary>
    private static readonly TimeSpan BicepTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Bicep_Compiles_WithoutDiagnostics_ToTheStorageAccountAndTheCluster()
    {
        using var timeout = new CancellationTokenSource(BicepTimeout);
        var build = await BicepCompiler.BuildAsync(MainBicep, timeout.Token);

        Assert.True(build.ExitCode == 0, $"bicep build exited {build.ExitCode}:\n{build.StandardError}");
        Assert.True(build.Diagnostics.Count == 0, $"bicep build reported:\n{string.Join('\n', build.Diagnostics)}");
        Assert.DoesNotContain("Warning", build.StandardError, StringComparison.Ordinal);
        using var template = JsonDocument.Parse(build.Json);
        var resources = template.RootElement.GetProperty("resources").EnumerateArray().ToList();

        // One storage account: grain state and the cache in two blob containers, membership in the Table service.
        var storage = Assert.Single(resources, r => Type(r) == "Microsoft.Storage/storageAccounts");
        Assert.Equal("StorageV2", storage.GetProperty("kind").GetString());
        Assert.Equal("TLS1_2", storage.GetProperty("properties").GetProperty("minimumTlsVersion").GetString());
        Assert.False(storage.GetProperty("properties").GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal(["cache", "grains"], resources.Where(r => Type(r) == "Microsoft.Storage/storageAccounts/blobServices/containers").Select(LastNamePart).Order(StringComparer.Ordinal));
        Assert.All(resources.Where(r => Type(r) == "Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", c.GetProperty("properties").GetProperty("publicAccess").GetString()));
        Assert.Equal("default", LastNamePart(Assert.Single(resources, r => Type(r) == "Microsoft.Storage/storageAccounts/blobServices")));
        Assert.Equal("default", LastNamePart(Assert.Single(resources, r => Type(r) == "Microsoft.Storage/storageAccounts/tableServices")));
        var outputs = template.RootElement.GetProperty("outputs");
        Assert.Equal("grains", Output(outputs, "grainsContainerName"));
        Assert.Equal("cache", Output(outputs, "cacheContainerName"));
        Assert.Contains("primaryEndpoints.table", Output(outputs, "tableEndpoint"), StringComparison.Ordinal);

        // The secret's storage specs name those containers (docs/deploy-azure.md, step 5).
        var all = LoadAll();
        var secret = all.Single(d => d.Kind == "Secret");
        Assert.EndsWith(";container=grains", Scalar(secret.Root, "stringData", "Bridge__Grains__Storage"), StringComparison.Ordinal);
        Assert.EndsWith(";container=cache", Scalar(secret.Root, "stringData", "Bridge__Applications__bridge__Cache"), StringComparison.Ordinal);

        // The AKS cluster: a system pool, an autoscaled silo pool, and a tainted GPU pool (optional: gpuNodeCount 0).
        var cluster = Assert.Single(resources, r => Type(r) == "Microsoft.ContainerService/managedClusters");
        var pools = cluster.GetProperty("properties").GetProperty("agentPoolProfiles").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["silo", "system"], pools.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("System", pools["system"].GetProperty("mode").GetString());
        Assert.Equal("User", pools["silo"].GetProperty("mode").GetString());
        Assert.True(pools["silo"].GetProperty("enableAutoScaling").GetBoolean());
        var gpu = Assert.Single(resources, r => Type(r) == "Microsoft.ContainerService/managedClusters/agentPools");
        Assert.Equal("gpu", LastNamePart(gpu));
        Assert.Contains("gpuNodeCount", gpu.GetProperty("condition").GetString(), StringComparison.Ordinal);
        var taint = Assert.Single(gpu.GetProperty("properties").GetProperty("nodeTaints").EnumerateArray()).GetString()!;

        // The manifests land on those pools: node selectors are the pools' labels, the render silos tolerate the GPU taint.
        var render = all.Single(d => d.Kind == "StatefulSet");
        Assert.All(all.Where(d => d.Kind == "Deployment"), deployment => // session silos and gateway processes
            Assert.Equal(Label(pools["silo"]), Scalar(deployment.Root, "spec", "template", "spec", "nodeSelector", "agentpool")));
        Assert.Equal(Label(gpu.GetProperty("properties")), Scalar(render.Root, "spec", "template", "spec", "nodeSelector", "agentpool"));
        var match = Taint().Match(taint);
        Assert.True(match.Success, $"taint '{taint}' is key=value:Effect");
        var toleration = Items(render.Root, "spec", "template", "spec", "tolerations").Single(t => Scalar(t, "key") == match.Groups[1].Value);
        Assert.Equal(match.Groups[3].Value, Scalar(toleration, "effect"));
        Assert.True(Scalar(toleration, "operator") == "Exists" || Scalar(toleration, "value") == match.Groups[2].Value, $"the render silos must tolerate {taint}");

        // Every parameter of main.parameters.json is one the template declares, with a value of its type.
        var declared = template.RootElement.GetProperty("parameters");
        using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.Under("azure", "bicep", "main.parameters.json"), timeout.Token));
        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(parameter.Name, out var declaration), $"main.parameters.json sets {parameter.Name}, which main.bicep does not declare");
            var kind = parameter.Value.GetProperty("value").ValueKind;
            Assert.Equal(declaration.GetProperty("type").GetString(), kind == JsonValueKind.Number ? "int" : kind == JsonValueKind.String ? "string" : kind.ToString());
        }
    }

    [Fact]
    public async Task BicepCompiler_ReportsUnusedParametersAndUnknownProperties()
    {
        // The check above can fail: the compiler, offline, knows resource types and lints.
        using var timeout = new CancellationTokenSource(BicepTimeout);
        var file = Path.Combine(Path.GetTempPath(), $"bicep-check-{Guid.NewGuid():N}.bicep");
        await File.WriteAllTextAsync(file, """
            param unused string
            resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
              name: 'obcheckst'
              location: resourceGroup().location
              kind: 'StorageV2'
              sku: { name: 'Standard_LRS' }
              properties: { minimumTlsVersionTypo: 'TLS1_2' }
            }
            """, timeout.Token);
        try
        {
            var build = await BicepCompiler.BuildAsync(file, timeout.Token);

            Assert.Contains(build.Diagnostics, d => d is { Level: "Warning", Code: "no-unused-params", Line: 1 });
            Assert.Contains(build.Diagnostics, d => d is { Level: "Warning", Code: "BCP037" or "BCP089", Line: 7 } && d.Message.Contains("minimumTlsVersionTypo", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Type(JsonElement resource) => resource.GetProperty("type").GetString();

    /// <summary>The last literal in a compiled resource name such as <c>[format('{0}/{1}', variables('storageName'), 'default')]</c>.</summary>
    private static string LastNamePart(JsonElement resource)
    {
        var name = resource.GetProperty("name").GetString()!;
        var literals = Literal().Matches(name);
        return literals.Count > 0 ? literals[^1].Groups[1].Value : name;
    }

    private static string Output(JsonElement outputs, string name) => outputs.GetProperty(name).GetProperty("value").GetString()!;

    private static string? Label(JsonElement pool) => pool.GetProperty("nodeLabels").GetProperty("agentpool").GetString();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^([^=:]+)=([^:]*):(\w+)$")]
    private static partial Regex Taint();
}
