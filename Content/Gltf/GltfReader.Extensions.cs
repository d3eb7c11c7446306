using System.Text.Json;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Unsupported features: extensions seen on objects (with where), and top-level features the scene
/// model has no place for (animations, skins). Nothing is dropped without a line in the result.
/// </summary>
internal sealed partial class GltfReader
{
    private readonly SortedDictionary<string, List<string>> _extensionUses = new(StringComparer.Ordinal);

    /// <summary>Remembers the extensions on <paramref name="item"/> other than <paramref name="handled"/>.</summary>
    private void NoteExtensions(JsonElement item, string path, IReadOnlyCollection<string>? handled = null)
    {
        foreach (var name in GltfJson.PropertyNames(GltfJson.Object(item, "extensions", path)))
        {
            if (handled?.Contains(name) != true)
            {
                (_extensionUses.TryGetValue(name, out var uses) ? uses : _extensionUses[name] = []).Add(path);
            }
        }
    }

    private void ReportExtensions()
    {
        foreach (var used in GltfJson.Array(_root, "extensionsUsed", string.Empty))
        {
            var name = used.GetString() ?? string.Empty;
            if (!GltfImporter.SupportedExtensions.Contains(name) && !_extensionUses.ContainsKey(name))
            {
                _extensionUses[name] = [];
            }
        }

        foreach (var (name, uses) in _extensionUses)
        {
            var where = uses.Count == 0 ? "declared in extensionsUsed"
                : $"on {string.Join(", ", uses.Take(5))}{(uses.Count > 5 ? $" and {uses.Count - 5} more" : string.Empty)}";
            Report(name, $"{where}; not imported.");
        }
    }

    private void ReportTopLevelUnsupported()
    {
        NoteExtensions(_root, "the top level", ["KHR_lights_punctual"]);
        var animations = GltfJson.Array(_root, "animations", string.Empty).Count;
        if (animations > 0)
        {
            Report("animation", $"{animations} animations are not imported; the scene is imported as posed.");
        }

        var skins = GltfJson.Array(_root, "skins", string.Empty).Count;
        if (skins > 0)
        {
            Report("skin", $"{skins} skins are not imported; skinned meshes keep their bind pose.");
        }
    }
}
