using OrleansBridge.Protocol;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene;

/// <summary>
/// Checks a whole scene: every element's values (<c>SceneValidator.Values.cs</c>), every reference
/// names an element of the right kind, and groups form no cycle. Returns every problem found, so one
/// refused commit lists all offending elements at once. Cache presence is checked by the caller.
/// </summary>
public static partial class SceneValidator
{
    /// <summary>Longest element name.</summary>
    public const int MaxNameLength = 256;

    /// <summary>All problems of the scene made of <paramref name="elements"/>; empty when it is valid.</summary>
    public static IReadOnlyList<SceneProblem> Validate(IReadOnlyDictionary<string, SceneElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var problems = new List<SceneProblem>();
        var scenes = 0;
        foreach (var (name, element) in elements)
        {
            if (!IsValidName(name))
            {
                problems.Add(new SceneProblem(name, ErrorCode.SceneElementInvalid, $"Names are 1–{MaxNameLength} characters without control characters."));
            }

            CheckValues(name, element, problems);
            CheckReferences(name, element, elements, problems);
            scenes += element is SceneRootElement ? 1 : 0;
        }

        if (scenes > 1)
        {
            problems.Add(new SceneProblem(elements.First(e => e.Value is SceneRootElement).Key, ErrorCode.SceneElementInvalid, "A scene has at most one element of type scene."));
        }

        CheckGroupCycles(elements, problems);
        return problems;
    }

    /// <summary>True for a name a client may give an element.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl);

    private static void CheckReferences(string name, SceneElement element, IReadOnlyDictionary<string, SceneElement> elements, List<SceneProblem> problems)
    {
        void Expect(string? target, string role, params string[] kinds)
        {
            if (target is null)
            {
                return;
            }

            if (!elements.TryGetValue(target, out var found))
            {
                problems.Add(new SceneProblem(name, ErrorCode.SceneDanglingReference, $"{role} '{target}' does not exist."));
            }
            else if (!kinds.Contains(found.Kind))
            {
                problems.Add(new SceneProblem(name, ErrorCode.SceneTypeMismatch, $"{role} '{target}' is a {found.Kind}, not a {string.Join(" or ", kinds)}."));
            }
        }

        switch (element)
        {
            case MeshElement mesh:
                Expect(mesh.Material, "material", "material");
                break;
            case MaterialElement material:
                foreach (var (role, texture) in Textures(material))
                {
                    Expect(texture?.Texture, role, "texture");
                }

                break;
            case InstanceElement instance:
                Expect(instance.Target, "target", "mesh", "light", "camera", "group");
                Expect(instance.MaterialOverride, "materialOverride", "material");
                break;
            case GroupElement group:
                foreach (var child in group.Children)
                {
                    Expect(child, "child", "instance");
                }

                break;
            case OptionsElement options:
                Expect(options.EnvironmentTexture, "environmentTexture", "texture");
                break;
            case SceneRootElement scene:
                foreach (var root in scene.Roots)
                {
                    Expect(root, "root", "instance");
                }

                Expect(scene.Options, "options", "options");
                Expect(scene.Camera, "camera", "instance");
                if (scene.Camera is { } camera && elements.TryGetValue(camera, out var cameraInstance)
                    && cameraInstance is InstanceElement { Target: var target } && elements.TryGetValue(target, out var targetElement)
                    && targetElement is not CameraElement)
                {
                    problems.Add(new SceneProblem(name, ErrorCode.SceneTypeMismatch, $"camera '{camera}' places a {targetElement.Kind}, not a camera."));
                }

                break;
        }
    }

    private static IEnumerable<(string Role, TextureRef? Texture)> Textures(MaterialElement m) =>
    [
        ("baseColorTexture", m.BaseColorTexture), ("metallicRoughnessTexture", m.MetallicRoughnessTexture),
        ("normalTexture", m.NormalTexture), ("occlusionTexture", m.OcclusionTexture), ("emissiveTexture", m.EmissiveTexture),
        ("transmission.texture", m.Transmission?.Texture), ("volume.thicknessTexture", m.Volume?.ThicknessTexture),
        ("clearcoat.texture", m.Clearcoat?.Texture), ("clearcoat.roughnessTexture", m.Clearcoat?.RoughnessTexture),
        ("clearcoat.normalTexture", m.Clearcoat?.NormalTexture), ("specular.texture", m.Specular?.Texture),
        ("specular.colorTexture", m.Specular?.ColorTexture), ("sheen.colorTexture", m.Sheen?.ColorTexture),
        ("sheen.roughnessTexture", m.Sheen?.RoughnessTexture),
    ];

    /// <summary>A group may not contain itself through instances of groups, however deep.</summary>
    private static void CheckGroupCycles(IReadOnlyDictionary<string, SceneElement> elements, List<SceneProblem> problems)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var (name, element) in elements)
        {
            if (element is GroupElement && Visit(name) is { } cycle)
            {
                problems.Add(new SceneProblem(cycle, ErrorCode.SceneReferenceCycle, $"group '{cycle}' contains itself."));
                return;
            }
        }

        string? Visit(string group)
        {
            if (state.TryGetValue(group, out var s))
            {
                return s == 1 ? group : null;
            }

            state[group] = 1;
            foreach (var child in ((GroupElement)elements[group]).Children)
            {
                if (elements.GetValueOrDefault(child) is InstanceElement { Target: var target }
                    && elements.GetValueOrDefault(target) is GroupElement
                    && Visit(target) is { } cycle)
                {
                    return cycle;
                }
            }

            state[group] = 2;
            return null;
        }
    }
}
