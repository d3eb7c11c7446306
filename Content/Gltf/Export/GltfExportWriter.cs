using System.Numerics;
using System.Runtime.InteropServices;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;
using SharpGLTF.Schema2;

namespace OrleansBridge.Scene.Gltf;

/// <summary>One export: elements to a SharpGLTF <see cref="ModelRoot"/>, each element written once however often it is used. Single use.</summary>
internal sealed partial class GltfExportWriter(IReadOnlyDictionary<string, SceneElement> elements, Func<ContentHash, ReadOnlyMemory<byte>?> blob)
{
    private readonly ModelRoot _model = ModelRoot.CreateModel();
    private readonly Dictionary<string, Mesh> _meshes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Material> _materials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Texture> _textures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Camera> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PunctualLight> _lights = new(StringComparer.Ordinal);

    public ModelRoot Write()
    {
        _model.Asset.Generator = "OrleansBridge";
        var root = elements.Where(e => e.Value is SceneRootElement).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (SceneRootElement)e.Value).FirstOrDefault();
        var scene = _model.UseScene(0);
        var roots = root?.Roots ?? [.. elements.Where(e => e.Value is InstanceElement && !IsChild(e.Key)).Select(e => e.Key).Order(StringComparer.Ordinal)];
        foreach (var instance in roots)
        {
            Place(instance, scene.CreateNode(NodeName(instance)), 0);
        }

        _model.DefaultScene = scene;
        return _model;
    }

    private bool IsChild(string name) => elements.Values.OfType<GroupElement>().Any(g => g.Children.Contains(name, StringComparer.Ordinal));

    private T Resolve<T>(string name, string usedBy)
        where T : SceneElement =>
        elements.TryGetValue(name, out var element) && element is T typed ? typed
            : throw new GltfFormatException(ErrorCode.GltfInvalid, $"'{usedBy}' refers to '{name}', which is not a {typeof(T).Name.Replace("Element", string.Empty, StringComparison.Ordinal).ToLowerInvariant()} of the scene.");

    /// <summary>Writes instance <paramref name="name"/> into <paramref name="node"/>: its transform and what it places.</summary>
    private void Place(string name, Node node, int depth)
    {
        if (depth > 64)
        {
            throw new GltfFormatException(ErrorCode.GltfInvalid, $"Instance '{name}' is nested more than 64 groups deep (a cycle?).");
        }

        var instance = Resolve<InstanceElement>(name, "the scene");
        if (instance.Transform is { Length: 16 } m)
        {
            node.LocalMatrix = new Matrix4x4(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15]);
        }

        PlaceTarget(name, instance.Target, instance.MaterialOverride, node, depth);
    }

    private void PlaceTarget(string instance, string target, string? materialOverride, Node node, int depth)
    {
        if (!elements.TryGetValue(target, out var element))
        {
            throw new GltfFormatException(ErrorCode.GltfInvalid, $"Instance '{instance}' places '{target}', which is not in the scene.");
        }

        switch (element)
        {
            case MeshElement mesh:
                node.Mesh = MeshOf(target, [(target, mesh)], materialOverride);
                break;
            case CameraElement camera:
                node.Camera = CameraOf(target, camera);
                break;
            case LightElement light:
                node.PunctualLight = LightOf(target, light);
                break;
            case GroupElement group when PrimitivesOf(target, group) is { } primitives:
                node.Mesh = MeshOf(target, primitives, materialOverride);
                break;
            case GroupElement group:
                // The importer's node group: identity instances of the node's own mesh, camera and
                // light (named node/<name>/<kind>), then the node's children.
                var prefix = target.EndsWith("/group", StringComparison.Ordinal) ? target[..^"/group".Length] + "/" : null;
                foreach (var child in group.Children)
                {
                    var member = Resolve<InstanceElement>(child, target);
                    if (prefix is not null && member.Transform is null && child is var c && c.StartsWith(prefix, StringComparison.Ordinal)
                        && c[prefix.Length..] is "mesh" or "camera" or "light")
                    {
                        PlaceTarget(child, member.Target, member.MaterialOverride ?? materialOverride, node, depth + 1);
                        continue;
                    }

                    Place(child, node.CreateNode(NodeName(child)), depth + 1);
                }

                break;
            default:
                throw new GltfFormatException(ErrorCode.GltfInvalid, $"Instance '{instance}' places '{target}' ({element.Kind}); only meshes, cameras, lights and groups can be placed.");
        }
    }

    /// <summary>
    /// The primitives of a group the importer made from a glTF mesh of several primitives: every child
    /// is an identity instance <c>&lt;group&gt;/&lt;p&gt;/instance</c> of a mesh <c>&lt;group&gt;/&lt;p&gt;</c>; null for any other group.
    /// </summary>
    private List<(string Name, MeshElement Mesh)>? PrimitivesOf(string name, GroupElement group)
    {
        var primitives = new List<(string, MeshElement)>();
        foreach (var child in group.Children)
        {
            if (!elements.TryGetValue(child, out var e) || e is not InstanceElement { Transform: null, MaterialOverride: null } instance
                || child != instance.Target + "/instance" || !instance.Target.StartsWith(name + "/", StringComparison.Ordinal)
                || !elements.TryGetValue(instance.Target, out var m) || m is not MeshElement mesh)
            {
                return null;
            }

            primitives.Add((instance.Target, mesh));
        }

        return primitives.Count > 0 ? primitives : null;
    }

    /// <summary>
    /// The glTF name of an element: its scene name after the importer's <c>[prefix]kind/</c>, so that
    /// importing the export under the same prefix gives the same names.
    /// </summary>
    private static string LocalName(string name, string kind)
    {
        var marker = kind + "/";
        var at = name.IndexOf(marker, StringComparison.Ordinal);
        return at == 0 || (at > 0 && name[at - 1] == '/') ? name[(at + marker.Length)..] : name;
    }

    private static string NodeName(string instance) => LocalName(instance, "node");

    private ReadOnlyMemory<byte> Bytes(ContentHash hash, string usedBy) =>
        blob(hash) ?? throw new GltfFormatException(ErrorCode.GltfResourceMissing, $"'{usedBy}': its data {hash} is not in the cache.");

    private static T[] As<T>(ReadOnlyMemory<byte> bytes)
        where T : struct => MemoryMarshal.Cast<byte, T>(bytes.Span).ToArray();
}
