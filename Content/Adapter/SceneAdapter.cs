using System.Numerics;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// Builds the renderer's <see cref="SceneDescription"/> from committed scene elements and their bulk
/// data, as docs/rendering.md's adapter table says: groups flattened with their transforms
/// multiplied, a material override before the mesh's material, one light or camera per placement,
/// the options element as environment and display settings, PNG, JPEG and WebP decoded in process
/// by one <see cref="IImageDecoder"/> (<see cref="SkiaImageDecoder"/>). Problems are error values naming the element.
/// Stateless and thread-safe: one adapter serves every render of a worker.
/// </summary>
public sealed partial class SceneAdapter
{
    private readonly IImageDecoder _images;

    /// <summary>An adapter decoding PNG, JPEG and WebP textures with <paramref name="images"/>.</summary>
    public SceneAdapter(IImageDecoder images, AdapterLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        _images = images;
        Limits = limits ?? AdapterLimits.Default;
    }

    /// <summary>What one scene may load.</summary>
    public AdapterLimits Limits { get; }

    /// <summary>
    /// Maps <paramref name="elements"/> (a whole committed scene by name) to the renderer's input,
    /// reading bulk data from <paramref name="blobs"/>.
    /// </summary>
    public async Task<AdapterResult> BuildAsync(IReadOnlyDictionary<string, SceneElement> elements, IBlobSource blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(blobs);
        var build = new AdapterBuild(elements, blobs, this, cancellationToken);
        var root = elements.Where(e => e.Value is SceneRootElement).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (SceneRootElement)e.Value).FirstOrDefault();
        var options = new OptionsElement();
        if (root?.Options is { } optionsName)
        {
            if (build.Resolve<OptionsElement>(optionsName, "the scene's options") is not { } named)
            {
                return build.Result();
            }

            options = named;
        }

        var placements = new List<Placement>();
        foreach (var name in root?.Roots ?? UnparentedInstances(elements))
        {
            if (!build.Flatten(name, Matrix4x4.Identity, 0, placements))
            {
                return build.Result();
            }
        }

        if (!await build.AddPlacementsAsync(placements))
        {
            return build.Result();
        }

        var environment = await build.EnvironmentAsync(options);
        if (build.Failed)
        {
            return build.Result();
        }

        CameraData? sceneCamera = null;
        if (root?.Camera is { } cameraName)
        {
            sceneCamera = build.Cameras.FirstOrDefault(c => c.Instance == cameraName)?.Data ?? build.UnplacedCamera(cameraName);
            if (sceneCamera is null)
            {
                return build.Result();
            }
        }

        var description = build.Description(environment, sceneCamera);
        var tone = string.Equals(options.ToneMapping, "aces", StringComparison.OrdinalIgnoreCase) ? ToneMapping.Aces : ToneMapping.Standard;
        return AdapterResult.Ok(new AdaptedScene(
            description, build.Cameras, root?.Camera, sceneCamera is null, tone, options.Exposure, options.SamplesPerPixel, build.TriangleCount));
    }

    /// <summary>Without a scene element every instance no group contains is a root, in name order.</summary>
    private static List<string> UnparentedInstances(IReadOnlyDictionary<string, SceneElement> elements)
    {
        var children = elements.Values.OfType<GroupElement>().SelectMany(g => g.Children).ToHashSet(StringComparer.Ordinal);
        return elements.Where(e => e.Value is InstanceElement && !children.Contains(e.Key)).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A glTF column-major matrix loads into M11…M44 in stored order: System.Numerics row vectors, translation in M41–M43.</summary>
    internal static Matrix4x4 ToMatrix(float[]? m) => m is { Length: 16 }
        ? new Matrix4x4(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15])
        : Matrix4x4.Identity;

    /// <summary>The decoder for a texture element's format, or null for raw formats.</summary>
    internal IImageDecoder? DecoderFor(string format) => format switch
    {
        "png" or "jpeg" or "jpg" or "webp" => _images,
        _ => null,
    };
}
