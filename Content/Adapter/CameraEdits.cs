using System.Numerics;
using OrleansBridge.Cache;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// The camera fast path: a commit whose only changes are camera elements and the instances that place
/// cameras (a viewport drag, an orbit, a zoom) leaves geometry, materials, lights and every BVH as
/// they were, so the adapted scene of the previous manifest is reused with its cameras moved, instead
/// of reading every element again and building the instance level anew. Only the manifests and the
/// changed elements (and the targets of changed instances) are read.
/// <para>
/// A placement's world transform is local · parent world (<see cref="AdapterBuild.Flatten"/>), so a
/// camera instance whose local transform changes from L to L′ moves every placement it makes from W
/// to L′ · L⁻¹ · W: its parents are untouched by a camera-only commit.
/// </para>
/// </summary>
public static class CameraEdits
{
    /// <summary>Changed elements looked at most: a camera move changes one or two; more is an edit of something else.</summary>
    public const int MaxChanges = 16;

    /// <summary>
    /// The adapted scene of <paramref name="current"/> made from <paramref name="previous"/> (the adapted
    /// scene of <paramref name="previousManifest"/>) when the commit between them changed only cameras
    /// and camera instances; null when it changed anything else (the caller adapts the scene in full).
    /// </summary>
    public static async Task<AdaptedScene?> TryApplyAsync(
        ContentHash previousManifest, AdaptedScene previous, ContentHash current, IBlobSource blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(blobs);
        if (await ReadManifestAsync(previousManifest, blobs, cancellationToken) is not { } before
            || await ReadManifestAsync(current, blobs, cancellationToken) is not { } after
            || before.Elements.Count != after.Elements.Count)
        {
            return null;
        }

        var changed = new List<string>();
        foreach (var (name, hash) in after.Elements)
        {
            if (!before.Elements.TryGetValue(name, out var old))
            {
                return null; // an element added (and so one removed): not a camera move
            }

            if (old != hash && changed.Count == MaxChanges)
            {
                return null;
            }

            if (old != hash)
            {
                changed.Add(name);
            }
        }

        var moved = new Dictionary<string, Matrix4x4>(StringComparer.Ordinal); // instance → L′ · L⁻¹
        var edited = new Dictionary<string, CameraElement>(StringComparer.Ordinal);
        foreach (var name in changed)
        {
            var oldElement = await ReadElementAsync(before.Elements[name], blobs, cancellationToken);
            var newElement = await ReadElementAsync(after.Elements[name], blobs, cancellationToken);
            switch (oldElement, newElement)
            {
                case (CameraElement, CameraElement camera):
                    edited[name] = camera;
                    break;
                case (InstanceElement was, InstanceElement now) when string.Equals(was.Target, now.Target, StringComparison.Ordinal)
                    && after.Elements.TryGetValue(now.Target, out var target)
                    && await ReadElementAsync(target, blobs, cancellationToken) is CameraElement
                    && Matrix4x4.Invert(SceneAdapter.ToMatrix(was.Transform), out var undo):
                    moved[name] = SceneAdapter.ToMatrix(now.Transform) * undo;
                    break;
                default:
                    return null;
            }
        }

        var cameras = previous.Cameras.Select(c =>
        {
            var world = moved.TryGetValue(c.Instance, out var move) ? move * c.Data.Transform : c.Data.Transform;
            var data = edited.TryGetValue(c.Camera, out var element) ? AdapterBuild.MapCamera(element, world) : c.Data with { Transform = world };
            return c with { Data = data };
        }).ToList();
        var description = previous.Description;
        if (!previous.HasDefaultCamera && previous.SceneCameraName is { } sceneCamera)
        {
            // The scene's camera is its instance's first placement (as SceneAdapter picks it); one the
            // hierarchy does not reach is in the list too (AdapterBuild.UnplacedCamera).
            description = description with { Camera = cameras.FirstOrDefault(c => c.Instance == sceneCamera)?.Data ?? description.Camera };
        }

        return previous with { Cameras = cameras, Description = description };
    }

    private static async Task<SceneManifest?> ReadManifestAsync(ContentHash hash, IBlobSource blobs, CancellationToken cancellationToken)
    {
        var read = await blobs.ReadAsync(hash, SceneElementsLoader.MaxElementBytes, cancellationToken);
        return read.Succeeded && SceneManifest.TryParse(read.Bytes.Span, out var manifest) == ErrorCode.None ? manifest : null;
    }

    private static async Task<SceneElement?> ReadElementAsync(ContentHash hash, IBlobSource blobs, CancellationToken cancellationToken)
    {
        var read = await blobs.ReadAsync(hash, SceneElementsLoader.MaxElementBytes, cancellationToken);
        return read.Succeeded && SceneCanonical.TryDeserialize(read.Bytes.Span, out var element, out _) == ErrorCode.None ? element : null;
    }
}
