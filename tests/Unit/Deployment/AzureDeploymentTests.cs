using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Tests.Deployment;

/// <summary>
/// What can be checked here without Azure, kubectl or the Bicep compiler: every manifest parses (a
/// strict YAML subset), has the fields its kind needs, probes hit the endpoints the server serves,
/// every <c>Bridge__…</c> variable names a real configuration key, selectors agree, the drain fits in
/// the grace period; the Dockerfile builds the real executable; the Bicep is balanced and every
/// parameter and variable is used. It does not prove that Kubernetes or ARM accept them.
/// </summary>
public sealed partial class AzureDeploymentTests
{
    private static readonly string K8s = RepositoryPaths.Under("azure", "k8s");

    public static TheoryData<string> Manifests() => [.. Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_Parses_WithApiVersionKindAndName(string file)
    {
        var documents = YamlSubset.ParseDocuments(File.ReadAllText(Path.Combine(K8s, file)));

        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            Assert.False(string.IsNullOrEmpty(YamlSubset.At(document, "apiVersion") as string), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(YamlSubset.At(document, "kind") as string), $"{file}: kind");
            Assert.False(string.IsNullOrEmpty(YamlSubset.At(document, "metadata", "name") as string), $"{file}: metadata.name");
        }
    }

    [Fact]
    public void Manifests_CoverTheDeployment_AndTheirReferencesAgree()
    {
        var all = AllDocuments();
        var kinds = all.Select(d => (string)d["kind"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap", "Secret" }, kinds);

        var deployments = all.Where(IsWorkload).ToList();
        var hpa = all.Single(d => (string)d["kind"] == "HorizontalPodAutoscaler");
        Assert.Contains(deployments, d => Equals(YamlSubset.At(d, "metadata", "name"), YamlSubset.At(hpa, "spec", "scaleTargetRef", "name")));
        var pdbSelector = Labels(YamlSubset.At(all.Single(d => (string)d["kind"] == "PodDisruptionBudget"), "spec", "selector", "matchLabels"));
        var serviceSelector = Labels(YamlSubset.At(all.Single(d => (string)d["kind"] == "Service" && Equals(YamlSubset.At(d, "spec", "type"), "LoadBalancer")), "spec", "selector"));
        foreach (var deployment in deployments)
        {
            var podLabels = Labels(YamlSubset.At(deployment, "spec", "template", "metadata", "labels"));
            Assert.Superset(Labels(YamlSubset.At(deployment, "spec", "selector", "matchLabels")).ToHashSet(), podLabels.ToHashSet());
            Assert.Superset(serviceSelector.ToHashSet(), podLabels.ToHashSet());
        }

        Assert.Contains(deployments, d => pdbSelector.All(Labels(YamlSubset.At(d, "spec", "template", "metadata", "labels")).Contains));
        var refs = deployments.SelectMany(d => Containers(d)).SelectMany(c => (List<object>)c["envFrom"]).Cast<Dictionary<string, object>>()
            .Select(e => (YamlSubset.At(e, "configMapRef", "name") ?? YamlSubset.At(e, "secretRef", "name")) as string).ToHashSet();
        Assert.Superset(refs!, all.Where(d => (string)d["kind"] is "ConfigMap" or "Secret").Select(d => (string)YamlSubset.At(d, "metadata", "name")!).ToHashSet());
    }

    [Fact]
    public void Containers_ProbeTheServersEndpoints_OnItsPort_AndDrainWithinTheGracePeriod()
    {
        var config = (Dictionary<string, object>)AllDocuments().Single(d => (string)d["kind"] == "ConfigMap")["data"];
        var drain = TimeSpan.Parse((string)config["Bridge__DrainTimeout"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("8080", config["Bridge__Port"]);
        foreach (var deployment in AllDocuments().Where(IsWorkload))
        {
            var grace = int.Parse((string)YamlSubset.At(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(grace > drain.TotalSeconds + 5, $"terminationGracePeriodSeconds {grace} must exceed the drain ({drain}) plus the preStop pause");
            foreach (var container in Containers(deployment))
            {
                Assert.Equal("/healthz", YamlSubset.At(container, "livenessProbe", "httpGet", "path"));
                Assert.Equal("/readyz", YamlSubset.At(container, "readinessProbe", "httpGet", "path"));
                Assert.Equal("8080", YamlSubset.At(container, "ports", "0", "containerPort"));
                Assert.Equal("http", YamlSubset.At(container, "ports", "0", "name"));
                Assert.NotNull(YamlSubset.At(container, "lifecycle", "preStop"));
            }
        }

        var render = AllDocuments().Single(d => Equals(YamlSubset.At(d, "metadata", "name"), "orleansbridge-render"));
        Assert.Equal("1", YamlSubset.At(Containers(render)[0], "resources", "limits", "nvidia.com/gpu"));
        Assert.Equal("gpu", YamlSubset.At(render, "spec", "template", "spec", "nodeSelector", "agentpool"));
        Assert.Equal("nvidia.com/gpu", YamlSubset.At(render, "spec", "template", "spec", "tolerations", "0", "key"));
    }

    [Fact]
    public void EveryBridgeVariable_NamesARealConfigurationKey()
    {
        var names = new List<string>();
        foreach (var document in AllDocuments())
        {
            if (YamlSubset.At(document, "data") is Dictionary<string, object> data)
            {
                names.AddRange(data.Keys);
            }

            if (YamlSubset.At(document, "stringData") is Dictionary<string, object> stringData)
            {
                names.AddRange(stringData.Keys);
            }

            if (IsWorkload(document))
            {
                names.AddRange(Containers(document).Select(c => YamlSubset.At(c, "env")).OfType<List<object>>().SelectMany(l => l)
                    .Select(e => (string)YamlSubset.At(e, "name")!));
            }
        }

        names.AddRange(EnvOfDockerfile());
        var bridge = names.Where(n => n.StartsWith("Bridge__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bridge);
        Assert.All(bridge, name => Assert.True(IsConfigurationKey(name), $"{name} is not a configuration key of BridgeOptions"));
        Assert.False(IsConfigurationKey("Bridge__Sessions__LeaseDurationTypo")); // the check can fail
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

    [Fact]
    public void Bicep_IsBalanced_AndEveryParameterAndVariableIsUsed()
    {
        var text = File.ReadAllText(RepositoryPaths.Under("azure", "bicep", "main.bicep"));
        var code = StringOrComment().Replace(text, "''");

        var depth = new Stack<char>();
        foreach (var c in code)
        {
            if (c is '{' or '[' or '(')
            {
                depth.Push(c);
            }
            else if (c is '}' or ']' or ')')
            {
                Assert.True(depth.Count > 0 && depth.Pop() == (c == '}' ? '{' : c == ']' ? '[' : '('), $"unbalanced '{c}'");
            }
        }

        Assert.Empty(depth);
        var declared = Declaration().Matches(code).Select(m => (Kind: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();
        Assert.Equal(declared.Count, declared.Select(d => d.Name).Distinct().Count());
        var symbols = Symbol().Matches(StringBody().Replace(text, m => " " + string.Join(' ', Interpolation().Matches(m.Value).Select(i => i.Groups[1].Value)) + " "))
            .Select(m => m.Value).ToList();
        foreach (var (kind, name) in declared.Where(d => d.Kind is "param" or "var"))
        {
            Assert.True(symbols.Count(s => s == name) >= 2, $"{kind} {name} is declared but never used");
        }

        foreach (Match parent in Parent().Matches(code))
        {
            Assert.Contains(declared, d => d.Kind == "resource" && d.Name == parent.Groups[1].Value); // parent: names a declared resource
        }

        Assert.Contains(declared, d => d.Kind == "resource" && d.Name == "storage");
        Assert.Contains("Microsoft.ContainerService/managedClusters", text, StringComparison.Ordinal);
        Assert.Contains("nvidia.com/gpu=present:NoSchedule", text, StringComparison.Ordinal);
    }

    private static List<Dictionary<string, object>> AllDocuments() =>
        [.. Directory.GetFiles(K8s, "*.yaml").SelectMany(f => YamlSubset.ParseDocuments(File.ReadAllText(f)))];

    private static List<Dictionary<string, object>> Containers(Dictionary<string, object> deployment) =>
        [.. ((List<object>)YamlSubset.At(deployment, "spec", "template", "spec", "containers")!).Cast<Dictionary<string, object>>()];

    private static List<string> Labels(object? node) =>
        node is Dictionary<string, object> map ? [.. map.Select(p => $"{p.Key}={p.Value}")] : [];

    private static IEnumerable<string> EnvOfDockerfile()
    {
        var text = File.ReadAllText(RepositoryPaths.Under("azure", "Dockerfile"));
        return EnvName().Matches(text).Select(m => m.Groups[1].Value);
    }

    /// <summary>Pods that run the server: session silos (Deployment) and render silos (StatefulSet).</summary>
    private static bool IsWorkload(Dictionary<string, object> document) => (string)document["kind"] is "Deployment" or "StatefulSet";

    /// <summary>Walks <see cref="BridgeOptions"/> as the configuration binder would: properties by name (any case), dictionaries by any key, lists by index.</summary>
    private static bool IsConfigurationKey(string variable)
    {
        var parts = variable.Split("__");
        var type = typeof(BridgeOptions);
        foreach (var part in parts[1..])
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                type = type.GetGenericArguments()[1];
                continue;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                if (!int.TryParse(part, out _))
                {
                    return false;
                }

                type = type.GetGenericArguments()[0];
                continue;
            }

            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return !typeof(IEnumerable).IsAssignableFrom(type) || type == typeof(string);
    }

    [GeneratedRegex(@"^FROM \S+ AS \w+$", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^COPY (?!--from)(\S+) ", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"(Bridge__\w+)=")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'|//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex StringOrComment();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex StringBody();

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^(param|var|resource|output) (\w+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*parent: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex Parent();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Symbol();
}
