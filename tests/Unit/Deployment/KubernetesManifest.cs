using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace OrleansBridge.Tests.Deployment;

/// <summary>
/// One document of a Kubernetes manifest under <c>azure/k8s</c>, parsed by YamlDotNet (a full YAML
/// parser; a file may hold several documents separated by <c>---</c>), with path look-ups for the tests.
/// </summary>
/// <param name="File">The manifest's file name, for failure messages.</param>
/// <param name="Root">The document's top-level mapping.</param>
public sealed record KubernetesManifest(string File, YamlMappingNode Root)
{
    /// <summary>The folder of the manifests.</summary>
    public static readonly string Folder = RepositoryPaths.Under("azure", "k8s");

    /// <summary><c>kind</c>, e.g. <c>Deployment</c>.</summary>
    public string Kind => Scalar(Root, "kind") ?? "";

    /// <summary><c>metadata.name</c>.</summary>
    public string Name => Scalar(Root, "metadata", "name") ?? "";

    /// <summary>Whether this runs the server: session silos (Deployment) and render silos (StatefulSet).</summary>
    public bool IsWorkload => Kind is "Deployment" or "StatefulSet";

    /// <summary>The pod template's containers of a workload.</summary>
    public IReadOnlyList<YamlMappingNode> Containers =>
        At(Root, "spec", "template", "spec", "containers") is YamlSequenceNode containers ? [.. containers.Children.Cast<YamlMappingNode>()] : [];

    /// <summary>Every document of every <c>*.yaml</c> file in <see cref="Folder"/>.</summary>
    public static IReadOnlyList<KubernetesManifest> LoadAll() =>
        [.. Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => Load(Path.GetFileName(f), System.IO.File.ReadAllText(f)))];

    /// <summary>
    /// Parses every document of <paramref name="text"/>; YamlDotNet throws on malformed YAML and on a
    /// key repeated in one mapping (which Kubernetes rejects too). A document that is not a mapping fails.
    /// </summary>
    public static IReadOnlyList<KubernetesManifest> Load(string file, string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => new KubernetesManifest(file, d.RootNode as YamlMappingNode
            ?? throw new InvalidDataException($"{file}: a document is a {d.RootNode.NodeType}, not a mapping")))];
    }

    /// <summary>The node at <paramref name="path"/> (mapping keys, or sequence indexes as digits), or null.</summary>
    public static YamlNode? At(YamlNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = node switch
            {
                YamlMappingNode map => map.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: var key } && key == part).Value,
                YamlSequenceNode list when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Children.Count => list.Children[i],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The scalar value at <paramref name="path"/>, or null where there is none or it is not a scalar.</summary>
    public static string? Scalar(YamlNode? node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    /// <summary>The mapping at <paramref name="path"/> as <c>key=value</c> pairs (labels, selectors); empty where there is none.</summary>
    public static IReadOnlySet<string> Pairs(YamlNode? node, params string[] path) =>
        At(node, path) is YamlMappingNode map
            ? map.Children.Select(p => $"{((YamlScalarNode)p.Key).Value}={(p.Value as YamlScalarNode)?.Value}").ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The items of the sequence at <paramref name="path"/>; empty where there is none.</summary>
    public static IReadOnlyList<YamlNode> Items(YamlNode? node, params string[] path) =>
        At(node, path) is YamlSequenceNode list ? [.. list.Children] : [];

    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Kind} {Name}";
}
