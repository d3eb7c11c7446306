namespace OrleansBridge.Rendering;

/// <summary>A still rendered in process from a glTF file (<c>bridge render-local</c>, the Cycles bench).</summary>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="SamplesPerPixel">Samples per pixel.</param>
/// <param name="Format"><c>png</c>, <c>jpg</c> or <c>exr</c>.</param>
/// <param name="Camera">A camera instance or camera element name; null for the file's scene camera or a default one.</param>
/// <param name="Threads">Render threads; -1 for every core.</param>
/// <param name="Denoise">Filter the image with the renderer's denoiser (docs/rendering.md, "Denoising").</param>
/// <param name="ClampDirect">Limit on a direct contribution (0 off); null for the renderer's default.</param>
/// <param name="ClampIndirect">Limit on an indirect contribution (0 off); null for the renderer's default.</param>
/// <param name="FilterGlossy">Glossy filter after rough bounces (0 off); null for the renderer's default.</param>
/// <param name="Diffuse">The materials' diffuse lobe: glTF's, or Blender's Principled v1 to match images rendered in Blender.</param>
/// <param name="PixelFilter">The Blackman–Harris pixel filter's width in pixels (0 the box); null for the renderer's default, 1.5.</param>
/// <param name="Adaptive">Adaptive sampling (docs/rendering.md, "Adaptive sampling"): <paramref name="SamplesPerPixel"/> is then the mean.</param>
public sealed record LocalStillRequest(int Width, int Height, int SamplesPerPixel, string Format, string? Camera = null, int Threads = -1,
    bool Denoise = false, float? ClampDirect = null, float? ClampIndirect = null, float? FilterGlossy = null,
    Materials.DiffuseModel Diffuse = Materials.DiffuseModel.Gltf, float? PixelFilter = null, bool Adaptive = false);
