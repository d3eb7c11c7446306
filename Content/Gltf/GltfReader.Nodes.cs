using System.Text.Json;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// The node hierarchy (glTF 2.0 §3.5) of the default scene: each node becomes an instance
/// <c>node/&lt;name&gt;</c> with its local transform. A node that places exactly one thing (a mesh,
/// camera or light) and has no children targets it directly; otherwise its instance targets a group
/// <c>node/&lt;name&gt;/group</c> holding identity instances of its mesh, camera and light and the
/// instances of its children, so transforms compose parent · child as in glTF.
/// </summary>
internal sealed partial class GltfReader
{
    private static readonly string[] NodeExtensions = ["KHR_lights_punctual"];

    private (List<string> Roots, List<string> CameraInstances) ReadNodes(string?[] meshes, string?[] cameras, string[] lights)
    {
        var nodes = GltfJson.Array(_root, "nodes", string.Empty);
        var children = new int[nodes.Count][];
        var parent = new int[nodes.Count];
        Array.Fill(parent, -1);
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = $"nodes[{i}]";
            var list = GltfJson.Array(nodes[i], "children", path);
            children[i] = new int[list.Count];
            for (var c = 0; c < list.Count; c++)
            {
                var child = list[c].ValueKind == JsonValueKind.Number && list[c].TryGetInt32(out var value) ? value : -1;
                if (child < 0 || child >= nodes.Count || child == i)
                {
                    throw new GltfFormatException($"{path}.children[{c}]: node {list[c].GetRawText()} does not exist or is the node itself.");
                }

                if (parent[child] >= 0)
                {
                    throw new GltfFormatException($"{path}.children[{c}]: node {child} already has parent {parent[child]}; nodes must form trees.");
                }

                parent[child] = i;
            }

            children[i] = [.. list.Select(e => e.GetInt32())];
        }

        var scenes = GltfJson.Array(_root, "scenes", string.Empty);
        var sceneIndex = GltfJson.Index(_root, "scene", string.Empty, scenes.Count, "scene") ?? (scenes.Count > 0 ? 0 : (int?)null);
        int[] rootNodes;
        if (sceneIndex is { } s)
        {
            var sPath = $"scenes[{s}]";
            NoteExtensions(scenes[s], sPath);
            rootNodes = [.. GltfJson.Array(scenes[s], "nodes", sPath).Select((e, k) =>
                e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 0 && n < nodes.Count ? n
                    : throw new GltfFormatException($"{sPath}.nodes[{k}]: node {e.GetRawText()} does not exist ({nodes.Count} defined)."))];
            if (rootNodes.Distinct().Count() != rootNodes.Length)
            {
                throw new GltfFormatException($"{sPath}.nodes lists a node twice.");
            }

            if (rootNodes.Any(r => parent[r] >= 0))
            {
                throw new GltfFormatException($"{sPath}.nodes lists a node that is another node's child; scene nodes must be roots.");
            }

            if (scenes.Count > 1)
            {
                Report("scenes", $"the file has {scenes.Count} scenes; only the default scene ({s}) is imported.");
            }
        }
        else
        {
            // No scene: glTF leaves the choice to the client; every root node is taken.
            rootNodes = [.. Enumerable.Range(0, nodes.Count).Where(i => parent[i] < 0)];
        }

        var names = new string[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            names[i] = NameFor("node", nodes[i], i);
        }

        var visited = new bool[nodes.Count];
        var cameraInstances = new List<string>();
        var roots = new List<string>();
        foreach (var root in rootNodes)
        {
            roots.Add(PlaceNode(root, nodes, children, names, visited, meshes, cameras, lights, cameraInstances, depth: 0));
        }

        var skipped = visited.Count(v => !v);
        if (skipped > 0 && sceneIndex is not null)
        {
            Report("scenes", $"{skipped} nodes are not in the default scene and were not imported.");
        }

        return (roots, cameraInstances);
    }

    private string PlaceNode(int index, IReadOnlyList<JsonElement> nodes, int[][] children, string[] names, bool[] visited,
        string?[] meshes, string?[] cameras, string[] lights, List<string> cameraInstances, int depth)
    {
        // Each node has one parent (checked), so a node reached twice means a cycle.
        if (visited[index] || depth > 1000)
        {
            throw new GltfFormatException($"nodes[{index}]: the node hierarchy has a cycle or is deeper than 1000.");
        }

        visited[index] = true;
        var path = $"nodes[{index}]";
        var node = nodes[index];
        NoteExtensions(node, path, NodeExtensions);
        var name = names[index];
        var transform = Transform(node, path);
        if (node.TryGetProperty("skin", out _))
        {
            Report("skin", $"{path} is skinned; it is imported in its bind pose.");
        }

        if (node.TryGetProperty("weights", out _))
        {
            Report("morphTargets", $"{path} sets morph weights; morph targets are not imported.");
        }

        var contents = new List<(string Kind, string Target)>();
        if (GltfJson.Index(node, "mesh", path, meshes.Length, "mesh") is { } mesh && meshes[mesh] is { } meshTarget)
        {
            contents.Add(("mesh", meshTarget));
        }

        if (GltfJson.Index(node, "camera", path, cameras.Length, "camera") is { } camera && cameras[camera] is { } cameraTarget)
        {
            contents.Add(("camera", cameraTarget));
        }

        if (GltfJson.Object(node, "extensions", path) is { } ext && GltfJson.Object(ext, "KHR_lights_punctual", path + ".extensions") is { } lightRef)
        {
            var light = GltfJson.Index(lightRef, "light", path + ".extensions.KHR_lights_punctual", lights.Length, "light")
                ?? throw new GltfFormatException($"{path}.extensions.KHR_lights_punctual.light is required.");
            contents.Add(("light", lights[light]));
        }

        if (contents.Count == 1 && children[index].Length == 0)
        {
            Add(name, new InstanceElement(contents[0].Target, transform));
            if (contents[0].Kind == "camera")
            {
                cameraInstances.Add(name);
            }

            return name;
        }

        var members = new List<string>();
        foreach (var (kind, target) in contents)
        {
            Add($"{name}/{kind}", new InstanceElement(target));
            members.Add($"{name}/{kind}");
            if (kind == "camera")
            {
                cameraInstances.Add($"{name}/{kind}");
            }
        }

        foreach (var child in children[index])
        {
            members.Add(PlaceNode(child, nodes, children, names, visited, meshes, cameras, lights, cameraInstances, depth + 1));
        }

        Add($"{name}/group", new GroupElement(members));
        Add(name, new InstanceElement($"{name}/group", transform));
        return name;
    }

    /// <summary>The node's local matrix (column-major), or null for identity.</summary>
    private static float[]? Transform(JsonElement node, string path)
    {
        var matrix = GltfJson.Numbers(node, "matrix", path, 16);
        var translation = GltfJson.Numbers(node, "translation", path, 3);
        var rotation = GltfJson.Numbers(node, "rotation", path, 4);
        var scale = GltfJson.Numbers(node, "scale", path, 3);
        if (matrix is not null && (translation ?? rotation ?? scale) is not null)
        {
            throw new GltfFormatException($"{path} has both matrix and translation/rotation/scale; glTF allows one or the other.");
        }

        var m = matrix ?? GltfGeometry.ComposeTrs(translation, rotation, scale);
        float[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        return m.AsSpan().SequenceEqual(identity) ? null : m;
    }
}
