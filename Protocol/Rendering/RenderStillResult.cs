using OrleansBridge.Cache;

namespace OrleansBridge.Rendering;

/// <summary>The <c>render.still</c> job's result: the stored image and what the render took.</summary>
/// <param name="Image">The encoded image's hash in the application's cache.</param>
/// <param name="Format"><c>png</c>, <c>jpg</c> or <c>exr</c>.</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Spp">Samples per pixel rendered.</param>
/// <param name="RenderSeconds">Wall time of the passes (scene loading and encoding excluded).</param>
/// <param name="SamplesPerSecond">Width × height × spp / render seconds.</param>
/// <param name="SceneSeconds">Time spent reading and building the scene (0 when it was cached).</param>
/// <param name="Bytes">Size of the encoded image.</param>
public sealed record RenderStillResult(
    ContentHash Image,
    string Format,
    int Width,
    int Height,
    int Spp,
    double RenderSeconds,
    double SamplesPerSecond,
    double SceneSeconds,
    long Bytes);
