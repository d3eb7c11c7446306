using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Video;

/// <summary>A scene ready to render.</summary>
/// <param name="Scene">The renderer's scene.</param>
/// <param name="Camera">The camera.</param>
/// <param name="Version">The head's version (commits so far).</param>
/// <param name="ToneMapping">The scene's display transform.</param>
/// <param name="ExposureStops">The scene's exposure.</param>
/// <param name="Manifest">The head's manifest, when the source reads manifests (the camera fast path starts from it).</param>
/// <param name="Adapted">The adapted scene behind <paramref name="Scene"/>, when the source adapts one.</param>
/// <param name="CameraOnly">True when this load reused the previous scene and moved only its cameras (<see cref="CameraEdits"/>).</param>
public sealed record VideoScene(RenderScene Scene, CameraData Camera, long Version, ToneMapping ToneMapping, float ExposureStops,
    Cache.ContentHash? Manifest = null, AdaptedScene? Adapted = null, bool CameraOnly = false);
