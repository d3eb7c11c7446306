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
}
