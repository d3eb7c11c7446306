using OrleansBridge.Cache;

namespace OrleansBridge.Rendering;

/// <summary>A still to render (the <c>render.still</c> job's input, validated, with the manifest resolved).</summary>
/// <param name="Application">The application whose cache holds the scene and receives the image.</param>
/// <param name="Manifest">The committed manifest to render.</param>
/// <param name="Camera">A camera instance or camera element name; null for the scene's camera (or a default one framing the geometry).</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="SamplesPerPixel">Samples per pixel to reach; null for the scene options' (or the maximum when only <paramref name="Seconds"/> is given).</param>
/// <param name="Seconds">Time budget in seconds; null for none.</param>
/// <param name="Format"><c>png</c>, <c>jpg</c> or <c>exr</c>.</param>
/// <param name="ToneMapping"><c>standard</c> or <c>aces</c>; null for the scene options'.</param>
/// <param name="Exposure">Exposure in stops; null for the scene options'.</param>
/// <param name="Owner">Pins the stored image against cache collection (the requesting session); null for none.</param>
/// <param name="Denoise">Filter the finished image with the renderer's denoiser.</param>
/// <param name="ClampDirect">Limit on a direct contribution (0 off); null for the server's default.</param>
/// <param name="ClampIndirect">Limit on an indirect contribution (0 off); null for the server's default.</param>
/// <param name="FilterGlossy">Glossy filter after rough bounces (0 off); null for the server's default.</param>
/// <param name="Diffuse">The materials' diffuse lobe, <c>gltf</c> or <c>principled</c>; null for the server's default.</param>
/// <param name="PixelFilter">The pixel filter's width in pixels (0 the box); null for the server's default.</param>
/// <param name="Adaptive">Adaptive sampling: past two samples per pixel, the samples go where the image is noisiest.</param>
public sealed record RenderStillRequest(
    string Application,
    ContentHash Manifest,
    string? Camera,
    int Width,
    int Height,
    int? SamplesPerPixel,
    double? Seconds,
    string Format,
    string? ToneMapping,
    float? Exposure,
    PinOwner? Owner,
    bool Denoise = false,
    float? ClampDirect = null,
    float? ClampIndirect = null,
    float? FilterGlossy = null,
    string? Diffuse = null,
    float? PixelFilter = null,
    bool Adaptive = false);
