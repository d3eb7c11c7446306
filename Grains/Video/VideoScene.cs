using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Video;

/// <summary>A scene ready to render.</summary>
/// <param name="Scene">The renderer's scene.</param>
/// <param name="Camera">The camera.</param>
/// <param name="Version">The head's version (commits so far).</param>
/// <param name="ToneMapping">The scene's display transform.</param>
/// <param name="ExposureStops">The scene's exposure.</param>
public sealed record VideoScene(RenderScene Scene, CameraData Camera, long Version, ToneMapping ToneMapping, float ExposureStops);
