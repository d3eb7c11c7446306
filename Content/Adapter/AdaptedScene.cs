using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// A committed scene in the renderer's terms: the description (its camera is the scene's camera, or
/// a default one framing the geometry), every placed camera, and the display settings of the scene's
/// options element.
/// </summary>
/// <param name="Description">Meshes, materials, textures, instances, lights, environment.</param>
/// <param name="Cameras">Every camera placement, in traversal order.</param>
/// <param name="SceneCameraName">The instance the scene element names as its camera, or null.</param>
/// <param name="HasDefaultCamera">True when <see cref="SceneDescription.Camera"/> frames the bounds because the scene names no camera.</param>
/// <param name="ToneMapping">The options' tone mapping.</param>
/// <param name="ExposureStops">The options' exposure.</param>
/// <param name="SamplesPerPixel">The options' samples per pixel.</param>
/// <param name="TriangleCount">Triangles over all instances.</param>
public sealed record AdaptedScene(
    SceneDescription Description,
    IReadOnlyList<SceneCamera> Cameras,
    string? SceneCameraName,
    bool HasDefaultCamera,
    ToneMapping ToneMapping,
    float ExposureStops,
    int SamplesPerPixel,
    long TriangleCount)
{
    /// <summary>
    /// The camera a request names, or the scene's camera when <paramref name="name"/> is null. A name
    /// is looked up as an instance name, then as a camera element name (its first placement), then as
    /// the last segment of either after a <c>/</c> (so <c>Camera</c> finds the glTF importer's
    /// <c>node/Camera</c> under any prefix). False when no camera has that name.
    /// </summary>
    public bool TryGetCamera(string? name, out CameraData camera)
    {
        camera = Description.Camera;
        if (name is null)
        {
            return true;
        }

        var suffix = "/" + name;
        var found = Cameras.FirstOrDefault(c => c.Instance == name) ?? Cameras.FirstOrDefault(c => c.Camera == name)
            ?? Cameras.FirstOrDefault(c => c.Instance.EndsWith(suffix, StringComparison.Ordinal))
            ?? Cameras.FirstOrDefault(c => c.Camera.EndsWith(suffix, StringComparison.Ordinal));
        camera = found?.Data ?? camera;
        return found is not null;
    }
}
