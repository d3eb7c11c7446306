namespace OrleansBridge.Rendering;

/// <summary>Input of <c>render.still</c> as it arrives (docs/jobs.md); checked by the server against its limits.</summary>
/// <param name="Manifest">A committed manifest hash; null for the session's head.</param>
/// <param name="Camera">A camera instance or camera element name; null for the scene's camera.</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Spp">Samples per pixel; null for the scene options' (or as many as <paramref name="Seconds"/> allows).</param>
/// <param name="Seconds">Time budget; null for none.</param>
/// <param name="Format"><c>png</c>, <c>jpg</c> or <c>exr</c>.</param>
/// <param name="ToneMapping"><c>standard</c> or <c>aces</c>; null for the scene options'.</param>
/// <param name="Exposure">Stops; null for the scene options'.</param>
/// <param name="Denoise">True to filter the finished image with the renderer's denoiser, false for none; null (absent on the wire) for the server's default (<c>Bridge:Rendering:Denoise</c>, off unless configured).</param>
/// <param name="ClampDirect">Limit on a contribution before the path's first bounce (≥ 0, 0 off); null for the server's default (<c>Bridge:Rendering:ClampDirect</c>, 0 unless configured).</param>
/// <param name="ClampIndirect">Limit on a contribution from the first bounce on (≥ 0, 0 off); null for the server's default (<c>Bridge:Rendering:ClampIndirect</c>, 10 unless configured).</param>
/// <param name="FilterGlossy">Blur of glossy lobes after a rough bounce (≥ 0, 0 off); null for the server's default (<c>Bridge:Rendering:FilterGlossy</c>, 1 unless configured).</param>
/// <param name="Diffuse">The materials' diffuse lobe, <c>gltf</c> or <c>principled</c> (Blender's Principled v1); null for the server's default (<c>Bridge:Rendering:Diffuse</c>, gltf unless configured).</param>
/// <param name="PixelFilter">The Blackman–Harris pixel filter's width in pixels (0 to 10, 0 the box over the pixel); null for the server's default (<c>Bridge:Rendering:PixelFilter</c>, 1.5 unless configured).</param>
/// <param name="Adaptive">True to spend the samples past the first two per pixel where the image is noisiest (adaptive sampling; <c>spp</c> is then the mean), false for every pixel alike; null for the server's default (<c>Bridge:Rendering:AdaptiveSampling</c>, off unless configured).</param>
public sealed record RenderStillInput(
    string? Manifest = null,
    string? Camera = null,
    int Width = 0,
    int Height = 0,
    int? Spp = null,
    double? Seconds = null,
    string Format = "png",
    string? ToneMapping = null,
    float? Exposure = null,
    bool? Denoise = null,
    float? ClampDirect = null,
    float? ClampIndirect = null,
    float? FilterGlossy = null,
    string? Diffuse = null,
    float? PixelFilter = null,
    bool? Adaptive = null);
