using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering;

/// <summary>Configuration of the render workers (section <c>Bridge:Rendering</c>, docs/operations.md).</summary>
public sealed class RenderingOptions
{
    /// <summary>Widest image a request may ask for.</summary>
    public int MaxWidth { get; set; } = 8192;

    /// <summary>Tallest image a request may ask for.</summary>
    public int MaxHeight { get; set; } = 8192;

    /// <summary>Most samples per pixel a request may ask for (also the target of a time-budgeted render).</summary>
    public int MaxSamplesPerPixel { get; set; } = 65536;

    /// <summary>Longest time budget a request may ask for, and the longest any render runs.</summary>
    public double MaxSeconds { get; set; } = 600;

    /// <summary>Render workers that run at once; each pass of one uses every core, so more only interleaves renders.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Prepared scenes kept in memory (least recently used evicted first).</summary>
    public int SceneCacheCapacity { get; set; } = 4;

    /// <summary>Bulk bytes one scene may load (arrays and encoded images).</summary>
    public long MaxSceneBytes { get; set; } = 4L << 30;

    /// <summary>
    /// Where renders run: <c>auto</c> (CUDA when an NVIDIA GPU is present, else the CPU path tracer),
    /// <c>cpu</c>, <c>cuda</c>, <c>opencl</c> or <c>ilgpu-cpu</c> (docs/rendering.md, "GPU backend").
    /// </summary>
    public string Device { get; set; } = "auto";

    /// <summary>Render threads; -1 for every core.</summary>
    public int Threads { get; set; } = -1;

    /// <summary>Default limit on a direct contribution, for requests and video contexts that do not set one (0 off).</summary>
    public float ClampDirect { get; set; } = FireflyFilter.CyclesDefaults.ClampDirect;

    /// <summary>Default limit on an indirect contribution (0 off; Cycles' default 10).</summary>
    public float ClampIndirect { get; set; } = FireflyFilter.CyclesDefaults.ClampIndirect;

    /// <summary>Default glossy filter after rough bounces (0 off; Cycles' default 1).</summary>
    public float FilterGlossy { get; set; } = FireflyFilter.CyclesDefaults.FilterGlossy;

    /// <summary>The materials' diffuse lobe of stills and new video contexts whose request does not say: <c>gltf</c> or <c>principled</c> (Blender's Principled v1).</summary>
    public string Diffuse { get; set; } = "gltf";

    /// <summary>The Blackman–Harris pixel filter's width in pixels for stills and new video contexts whose request does not say (0 the box; Cycles' default 1.5).</summary>
    public float PixelFilter { get; set; } = Sampling.PixelFilter.CyclesDefault;

    /// <summary>Whether stills and new video contexts are denoised when the request does not say.</summary>
    public bool Denoise { get; set; }

    /// <summary>Whether stills and new video contexts sample adaptively when the request does not say (docs/rendering.md, "Adaptive sampling").</summary>
    public bool AdaptiveSampling { get; set; }

    /// <summary>The default clamps and glossy filter as one value.</summary>
    public FireflyFilter Filter => new(ClampDirect, ClampIndirect, FilterGlossy);

    /// <summary>
    /// What is wrong with these settings, one line per key, each naming it (empty when they are usable):
    /// checked when the server starts, so that a wrong value stops it with the key to fix.
    /// </summary>
    public IReadOnlyList<string> Problems(string section)
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { (nameof(ClampDirect), ClampDirect), (nameof(ClampIndirect), ClampIndirect), (nameof(FilterGlossy), FilterGlossy) })
        {
            if (FireflyFilter.Refusal($"{section}:{name}", value) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (Sampling.PixelFilter.Refusal($"{section}:{nameof(PixelFilter)}", PixelFilter) is { } pixelFilter)
        {
            problems.Add(pixelFilter);
        }

        if (!Materials.DiffuseModels.TryParse(Diffuse, out _))
        {
            problems.Add($"{section}:Diffuse is '{Diffuse}'; it must be {string.Join(" or ", Materials.DiffuseModels.Names)}.");
        }

        return problems;
    }
}
