using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Silo.Hosting;
using static OrleansBridge.Tests.Deployment.KubernetesManifest;

namespace OrleansBridge.Tests.Deployment;

/// <summary>The <c>Bridge__…</c> variables the image and the manifests give a silo, bound as the server binds them.</summary>
public sealed partial class AzureDeploymentTests
{
    /// <summary>Stands for a value Kubernetes fills in (<c>valueFrom</c>), e.g. the pod IP.</summary>
    private const string FilledInByKubernetes = "10.244.1.7";

    [Fact]
    public void EveryBridgeVariable_BindsToARealConfigurationKey_WithAValueOfItsType()
    {
        var all = LoadAll();
        foreach (var workload in all.Where(d => d.IsWorkload))
        {
            var environment = EnvironmentOf(all, workload);
            Assert.Contains(environment.Keys, k => k.StartsWith("Bridge__Grains__Membership__", StringComparison.Ordinal));

            // Throws on a key no property takes (ErrorOnUnknownConfiguration) and on a value its property's type cannot parse.
            var options = BindBridgeOptions(environment);

            Assert.StartsWith("azure:", options.Grains.Storage, StringComparison.Ordinal);
            var gatewayProcess = Items(Assert.Single(workload.Containers), "args").Select(a => ((YamlDotNet.RepresentationModel.YamlScalarNode)a).Value).SequenceEqual(["--role", "gateway"]);
            Assert.Equal(gatewayProcess ? null : FilledInByKubernetes, options.Grains.AdvertisedAddress); // an Orleans client advertises nothing
            Assert.Equal(11111, options.Grains.SiloPort);
            Assert.Equal(options.Grains.ClusterId, options.Grains.ServiceId);

            // Bridge__Grains__Membership__… are Orleans' ClusterMembershipOptions; the config map ships the product's defaults (docs/operations.md, "Cluster membership").
            var membership = options.Grains.Membership ?? throw new Xunit.Sdk.XunitException($"{workload}: no Bridge__Grains__Membership__ settings");
            Assert.Equal(MembershipDefaults.ProbeTimeout, membership.ProbeTimeout);
            Assert.Equal(MembershipDefaults.NumMissedProbesLimit, membership.NumMissedProbesLimit);
            var bridge = Assert.Single(options.Applications);
            Assert.StartsWith("azure:", bridge.Value.Cache, StringComparison.Ordinal);
            Assert.True(bridge.Value.Auth.IsConfigured, $"{workload}: the application needs a way to authenticate clients in Production");
        }
    }

    [Fact]
    public void BindBridgeOptions_FailsOnAnUnknownKeyOrABadValue()
    {
        // The check above can fail: a misspelt key, an Orleans membership option that does not exist, a value of the wrong type.
        Assert.Throws<InvalidOperationException>(() => BindBridgeOptions(new() { ["Bridge__Sessions__SweepIntervall"] = "00:10:00" }));
        Assert.Throws<InvalidOperationException>(() => BindBridgeOptions(new() { ["Bridge__Grains__Membership__ProbeTimeOut2"] = "00:00:01" }));
        Assert.Throws<InvalidOperationException>(() => BindBridgeOptions(new() { ["Bridge__Grains__Membership__NumMissedProbesLimit"] = "two" }));
        Assert.Equal(3, BindBridgeOptions(new() { ["Bridge__Grains__Membership__NumMissedProbesLimit"] = "3" }).Grains.Membership?.NumMissedProbesLimit);
    }

    /// <summary>
    /// The <c>Bridge__…</c> variables a workload's container sees: the image's <c>ENV</c>, overridden by
    /// the ConfigMap and Secret (<c>envFrom</c>) and its own <c>env</c>. A name set twice in the
    /// manifests fails: which one wins would depend on Kubernetes' precedence rules rather than on what
    /// one file says.
    /// </summary>
    private static Dictionary<string, string?> EnvironmentOf(IReadOnlyList<KubernetesManifest> all, KubernetesManifest workload)
    {
        var image = DockerfileEnv().Matches(File.ReadAllText(RepositoryPaths.Under("azure", "Dockerfile"))).Select(m => (m.Groups[1].Value, (string?)m.Groups[2].Value));
        var fromRefs = workload.Containers.SelectMany(c => Items(c, "envFrom"))
            .Select(e => all.Single(d => d.Name == (Scalar(e, "configMapRef", "name") ?? Scalar(e, "secretRef", "name"))))
            .SelectMany(d => At(d.Root, d.Kind == "Secret" ? "stringData" : "data") is YamlDotNet.RepresentationModel.YamlMappingNode data
                ? data.Children.Select(p => (Scalar(p.Key)!, Scalar(p.Value)))
                : []);
        var own = workload.Containers.SelectMany(c => Items(c, "env")).Select(e => (Scalar(e, "name")!, (string?)(Scalar(e, "value") ?? FilledInByKubernetes)));

        var environment = image.ToDictionary(v => v.Item1, v => v.Item2, StringComparer.Ordinal);
        var fromManifests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in fromRefs.Concat(own).Where(v => v.Item1.StartsWith("Bridge__", StringComparison.Ordinal)))
        {
            Assert.True(fromManifests.Add(name), $"{workload}: {name} is set twice in the manifests");
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Binds environment variables as the server does: <c>__</c> is <c>:</c>, section <c>Bridge</c> into <see cref="BridgeOptions"/>.</summary>
    private static BridgeOptions BindBridgeOptions(Dictionary<string, string?> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(p => KeyValuePair.Create(p.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), p.Value)))
            .Build();
        return configuration.GetSection(BridgeOptions.Section).Get<BridgeOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new BridgeOptions();
    }

    [GeneratedRegex(@"(Bridge__\w+)=(\S+)")]
    private static partial Regex DockerfileEnv();
}
