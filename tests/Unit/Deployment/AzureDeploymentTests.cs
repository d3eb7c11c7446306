using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static OrleansBridge.Tests.Deployment.KubernetesManifest;

namespace OrleansBridge.Tests.Deployment;

/// <summary>
/// What can be checked here without a cluster or Azure: every manifest under <c>azure/k8s</c> parses
/// with a real YAML parser (YamlDotNet) and has the fields its kind needs, with the types Kubernetes
/// expects; probes hit the endpoints the server serves; selectors, references and ports agree; every
/// <c>Bridge__…</c> variable binds to a real configuration key; the drain fits in the grace period; the
/// Dockerfile builds the real executable; the Bicep compiles with the real compiler
/// (<c>AzureDeploymentTests.Bicep.cs</c>). It does not prove that Kubernetes or ARM accept them.
/// </summary>
public sealed partial class AzureDeploymentTests
{
    /// <summary>The apiVersion Kubernetes serves each kind we ship under (all GA).</summary>
    private static readonly Dictionary<string, string> ApiVersions = new(StringComparer.Ordinal)
    {
        ["ConfigMap"] = "v1",
        ["Secret"] = "v1",
        ["Service"] = "v1",
        ["Deployment"] = "apps/v1",
        ["StatefulSet"] = "apps/v1",
        ["HorizontalPodAutoscaler"] = "autoscaling/v2",
        ["PodDisruptionBudget"] = "policy/v1",
        ["ServiceAccount"] = "v1",
        ["Role"] = "rbac.authorization.k8s.io/v1",
        ["RoleBinding"] = "rbac.authorization.k8s.io/v1",
    };

    /// <summary>Fields Kubernetes declares as integers: a quoted value there fails to decode.</summary>
    private static readonly HashSet<string> IntegerFields =
    [
        "replicas", "minReplicas", "maxReplicas", "containerPort", "terminationGracePeriodSeconds", "periodSeconds",
        "timeoutSeconds", "failureThreshold", "successThreshold", "initialDelaySeconds", "averageUtilization",
        "stabilizationWindowSeconds", "runAsUser", "fsGroup",
    ];

    public static TheoryData<string> Manifests() => [.. Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_Parses_WithApiVersionKindAndName(string file)
    {
        var documents = Load(file, File.ReadAllText(Path.Combine(Folder, file)));

        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            Assert.True(ApiVersions.TryGetValue(document.Kind, out var apiVersion), $"{document}: unexpected kind '{document.Kind}'");
            Assert.Equal(apiVersion, Scalar(document.Root, "apiVersion"));
            Assert.True(Dns1123Label().IsMatch(document.Name), $"{document}: metadata.name must be a DNS-1123 label");
            foreach (var (key, value) in Entries(document.Root))
            {
                if (IntegerFields.Contains(key))
                {
                    Assert.True(value is YamlScalarNode { Style: ScalarStyle.Plain } scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                        $"{document}: {key} must be a plain integer, not {value}");
                }
            }

            foreach (var section in new[] { "data", "stringData" })
            {
                // Kubernetes decodes YAML 1.1, where a plain 00:00:30 is the number 30 and a plain yes is
                // true: ConfigMap and Secret values must be strings, so they are quoted.
                if (At(document.Root, section) is YamlMappingNode values)
                {
                    Assert.All(values.Children, p => Assert.True(p.Value is YamlScalarNode { Style: ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted },
                        $"{document}: {section}.{p.Key} must be a quoted string"));
                }
            }
        }
    }

    [Fact]
    public void Manifest_Parser_RejectsWhatKubernetesRejects()
    {
        Assert.ThrowsAny<YamlException>(() => Load("dup.yaml", "kind: Service\nkind: ConfigMap\n"));
        Assert.ThrowsAny<YamlException>(() => Load("tabs.yaml", "metadata:\n\tname: x\n"));
        Assert.Throws<InvalidDataException>(() => Load("list.yaml", "- kind: Service\n"));
        Assert.Equal(["a", "b"], Load("two.yaml", "kind: ConfigMap\nmetadata: {name: a}\n---\nkind: ConfigMap\nmetadata: {name: b}\n").Select(d => d.Name));
    }

    [Fact]
    public void Manifests_CoverTheDeployment_AndTheirReferencesAgree()
    {
        var all = LoadAll();
        Assert.Equal(
            new[]
            {
                "ConfigMap orleansbridge-config", "Deployment orleansbridge-gateway", "Deployment orleansbridge-silo", "HorizontalPodAutoscaler orleansbridge-silo",
                "PodDisruptionBudget orleansbridge-silo", "Role orleansbridge-pods", "RoleBinding orleansbridge-silo-pods", "Secret orleansbridge-secrets",
                "Service orleansbridge", "Service orleansbridge-render-pods", "ServiceAccount orleansbridge-silo", "StatefulSet orleansbridge-render",
            },
            all.Select(d => $"{d.Kind} {d.Name}").Order(StringComparer.Ordinal));

        var workloads = all.Where(d => d.IsWorkload).ToList();
        var silo = all.Single(d => d.Kind == "Deployment" && d.Name == "orleansbridge-silo");
        var hpa = all.Single(d => d.Kind == "HorizontalPodAutoscaler");
        Assert.Equal(("apps/v1", "Deployment", silo.Name), (Scalar(hpa.Root, "spec", "scaleTargetRef", "apiVersion"), Scalar(hpa.Root, "spec", "scaleTargetRef", "kind"), Scalar(hpa.Root, "spec", "scaleTargetRef", "name")));
        var pdb = all.Single(d => d.Kind == "PodDisruptionBudget");
        Assert.Subset(PodLabels(silo).ToHashSet(), Pairs(pdb.Root, "spec", "selector", "matchLabels").ToHashSet());
        foreach (var workload in workloads)
        {
            var selector = Pairs(workload.Root, "spec", "selector", "matchLabels");
            Assert.NotEmpty(selector);
            Assert.True(selector.IsSubsetOf(PodLabels(workload)), $"{workload}: spec.selector must match the pod template's labels");
            Assert.True(Pairs(all.Single(d => d.Kind == "Service" && Scalar(d.Root, "spec", "type") == "LoadBalancer").Root, "spec", "selector").IsSubsetOf(PodLabels(workload)),
                $"{workload}: the public Service must select its pods");
        }

        // Each Service's target port is a named container port of every pod it selects.
        foreach (var service in all.Where(d => d.Kind == "Service"))
        {
            var selected = workloads.Where(w => Pairs(service.Root, "spec", "selector").IsSubsetOf(PodLabels(w))).ToList();
            Assert.NotEmpty(selected);
            foreach (var port in Items(service.Root, "spec", "ports"))
            {
                var target = Scalar(port, "targetPort");
                Assert.All(selected, w => Assert.Contains(w.Containers.SelectMany(c => Items(c, "ports")), p => Scalar(p, "name") == target));
            }
        }

        // The render StatefulSet's pods get stable names from a headless Service.
        var render = all.Single(d => d.Kind == "StatefulSet");
        var headless = all.Single(d => d.Kind == "Service" && d.Name == Scalar(render.Root, "spec", "serviceName"));
        Assert.Equal("None", Scalar(headless.Root, "spec", "clusterIP"));
        Assert.True(Pairs(headless.Root, "spec", "selector").IsSubsetOf(PodLabels(render)));
        Assert.Equal(["--role", "render"], Items(Assert.Single(render.Containers), "args").Select(a => ((YamlScalarNode)a).Value));

        // envFrom names exactly the ConfigMap and the Secret, in every workload.
        var configs = all.Where(d => d.Kind is "ConfigMap" or "Secret").Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var workload in workloads)
        {
            var refs = workload.Containers.SelectMany(c => Items(c, "envFrom"))
                .Select(e => Scalar(e, "configMapRef", "name") ?? Scalar(e, "secretRef", "name") ?? "").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(configs, refs);
        }
    }

    [Fact]
    public void Silos_UseOrleansKubernetesHosting_OnPodsItWatches_WithAnAccountThatMayReadThem()
    {
        var all = LoadAll();
        var silos = all.Where(d => d.IsWorkload && !Items(Assert.Single(d.Containers), "args").Select(a => ((YamlScalarNode)a).Value).SequenceEqual(["--role", "gateway"])).ToList();
        Assert.Equal(2, silos.Count); // session silos and render silos; a gateway process is an Orleans client
        var role = all.Single(d => d.Kind == "Role");
        Assert.Contains(Items(role.Root, "rules"), rule =>
            Items(rule, "resources").Select(r => ((YamlScalarNode)r).Value).Contains("pods")
            && new[] { "get", "list", "watch", "delete" }.All(v => Items(rule, "verbs").Select(r => ((YamlScalarNode)r).Value).Contains(v)));
        var binding = all.Single(d => d.Kind == "RoleBinding");
        Assert.Equal(("Role", role.Name), (Scalar(binding.Root, "roleRef", "kind"), Scalar(binding.Root, "roleRef", "name")));
        var account = all.Single(d => d.Kind == "ServiceAccount");
        Assert.Contains(Items(binding.Root, "subjects"), s => Scalar(s, "kind") == "ServiceAccount" && Scalar(s, "name") == account.Name);

        foreach (var silo in silos)
        {
            var options = BindBridgeOptions(EnvironmentOf(all, silo));
            Assert.True(options.Grains.Kubernetes, $"{silo}: Bridge__Grains__Kubernetes");
            Assert.Equal(account.Name, Scalar(silo.Root, "spec", "template", "spec", "serviceAccountName"));
            // The agent finds its cluster's pods by these labels, which must name the silo's own ids.
            Assert.Equal(options.Grains.ServiceId, Scalar(silo.Root, "spec", "template", "metadata", "labels", "orleans/serviceId"));
            Assert.Equal(options.Grains.ClusterId, Scalar(silo.Root, "spec", "template", "metadata", "labels", "orleans/clusterId"));
            var env = Assert.Single(silo.Containers).Children.TryGetValue(new YamlScalarNode("env"), out var list) ? (YamlSequenceNode)list : new YamlSequenceNode();
            Assert.Equal("metadata.name", Scalar(env.Children.Single(e => Scalar(e, "name") == "POD_NAME"), "valueFrom", "fieldRef", "fieldPath"));
            Assert.Equal("metadata.namespace", Scalar(env.Children.Single(e => Scalar(e, "name") == "POD_NAMESPACE"), "valueFrom", "fieldRef", "fieldPath"));
        }
    }

    [Fact]
    public void Containers_ProbeTheServersEndpoints_OnItsPorts_AndDrainWithinTheGracePeriod()
    {
        var all = LoadAll();
        foreach (var workload in all.Where(d => d.IsWorkload))
        {
            var options = BindBridgeOptions(EnvironmentOf(all, workload));
            var grace = int.Parse(Scalar(workload.Root, "spec", "template", "spec", "terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);
            var container = Assert.Single(workload.Containers);
            var preStop = Items(container, "lifecycle", "preStop", "exec", "command").Select(c => ((YamlScalarNode)c).Value).ToList();
            Assert.Equal("/bin/sleep", preStop[0]);
            var pause = int.Parse(preStop[1]!, CultureInfo.InvariantCulture);
            Assert.True(grace > options.DrainTimeout.TotalSeconds + pause,
                $"{workload}: terminationGracePeriodSeconds {grace} must exceed the drain ({options.DrainTimeout}) plus the preStop pause ({pause} s)");

            Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
            Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
            if (At(container, "startupProbe") is { } startup)
            {
                Assert.Equal("/healthz", Scalar(startup, "httpGet", "path"));
            }

            Assert.All(new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => Scalar(container, p, "httpGet", "port")).OfType<string>(), p => Assert.Equal("http", p));

            // The server's HTTP port and the Orleans silo port, named, on every silo: render silos join the cluster too.
            // A gateway process is an Orleans client: no silo port, no advertised address.
            var ports = Items(container, "ports").ToDictionary(p => Scalar(p, "name")!, p => int.Parse(Scalar(p, "containerPort")!, CultureInfo.InvariantCulture));
            Assert.Equal(options.Port, ports["http"]);
            Assert.All(ports.Keys, name => Assert.True(name.Length <= 15 && Dns1123Label().IsMatch(name), $"{workload}: port name '{name}' must be an IANA service name"));
            if (Items(container, "args").Select(a => ((YamlScalarNode)a).Value).SequenceEqual(["--role", "gateway"]))
            {
                Assert.False(ports.ContainsKey("orleans-silo"), $"{workload}: a gateway process opens no silo port");
                continue;
            }

            Assert.Equal(options.Grains.SiloPort, ports["orleans-silo"]);
            Assert.Equal(options.Grains.GatewayPort, ports["orleans-gateway"]); // gateway processes join the cluster through it

            // Silos reach each other at the pod's own address.
            var advertised = Items(container, "env").Single(e => Scalar(e, "name") == "Bridge__Grains__AdvertisedAddress");
            Assert.Equal("status.podIP", Scalar(advertised, "valueFrom", "fieldRef", "fieldPath"));
        }

        // The endpoints the manifests probe are the ones the server maps (OperationsEndpoints, BridgeServer).
        var server = File.ReadAllText(RepositoryPaths.Under("Silo", "BridgeServer.cs")) + File.ReadAllText(RepositoryPaths.Under("Silo", "Operations", "OperationsEndpoints.cs"));
        Assert.Contains("MapHealthChecks(\"/healthz\")", server, StringComparison.Ordinal);
        Assert.Contains("MapGet(\"/readyz\"", server, StringComparison.Ordinal);

        // Render silos: one GPU each (requests equal limits, as Kubernetes requires of extended resources), on the GPU pool.
        var render = all.Single(d => d.Kind == "StatefulSet");
        var gpu = Assert.Single(render.Containers);
        Assert.Equal("1", Scalar(gpu, "resources", "requests", "nvidia.com/gpu"));
        Assert.Equal("1", Scalar(gpu, "resources", "limits", "nvidia.com/gpu"));
        Assert.Equal(["--role", "render"], Items(gpu, "args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal("gpu", Scalar(render.Root, "spec", "template", "spec", "nodeSelector", "agentpool"));
        Assert.Equal("nvidia.com/gpu", Scalar(render.Root, "spec", "template", "spec", "tolerations", "0", "key"));
        Assert.Equal("NoSchedule", Scalar(render.Root, "spec", "template", "spec", "tolerations", "0", "effect"));
        var silo = all.Single(d => d.Kind == "Deployment" && d.Name == "orleansbridge-silo");
        Assert.Null(At(Assert.Single(silo.Containers), "resources", "limits", "nvidia.com/gpu"));
        Assert.Equal(["--role", "bridge"], Items(Assert.Single(silo.Containers), "args").Select(a => ((YamlScalarNode)a).Value));
        var gateway = all.Single(d => d.Kind == "Deployment" && d.Name == "orleansbridge-gateway");
        Assert.Equal(["--role", "gateway"], Items(Assert.Single(gateway.Containers), "args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Null(At(Assert.Single(gateway.Containers), "resources", "limits", "nvidia.com/gpu"));
    }

    [Fact]
    public void Dockerfile_IsMultiStage_InstallsFfmpeg_AndRunsTheSilo()
    {
        var text = File.ReadAllText(RepositoryPaths.Under("azure", "Dockerfile"));

        Assert.Equal(2, FromLine().Count(text));
        Assert.Contains("apt-get install -y --no-install-recommends ffmpeg", text, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"./OrleansBridge.Silo\"]", text, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8080", text, StringComparison.Ordinal);
        foreach (Match copy in CopyLine().Matches(text))
        {
            var source = copy.Groups[1].Value.TrimEnd('/');
            Assert.True(File.Exists(RepositoryPaths.Under(source)) || Directory.Exists(RepositoryPaths.Under(source)), $"COPY source {source} does not exist");
        }
    }

    private static IReadOnlySet<string> PodLabels(KubernetesManifest workload) => Pairs(workload.Root, "spec", "template", "metadata", "labels");

    /// <summary>The literal <c>env</c> entries of a workload's containers (name, value; null value for <c>valueFrom</c>).</summary>
    private static IEnumerable<(string Name, string? Value)> Env(KubernetesManifest workload) =>
        workload.Containers.SelectMany(c => Items(c, "env")).Select(e => (Scalar(e, "name")!, Scalar(e, "value")));

    /// <summary>Every key and value of every mapping below <paramref name="node"/>.</summary>
    private static IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node)
    {
        var children = node switch
        {
            YamlMappingNode map => map.Children.Select(p => (Key: ((YamlScalarNode)p.Key).Value ?? "", p.Value)),
            YamlSequenceNode list => list.Children.Select(c => (Key: "", Value: c)),
            _ => [],
        };
        foreach (var (key, value) in children)
        {
            if (key.Length > 0)
            {
                yield return (key, value);
            }

            foreach (var entry in Entries(value))
            {
                yield return entry;
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^FROM \S+ AS \w+$", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^COPY (?!--from)(\S+) ", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
