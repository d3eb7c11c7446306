using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// What <see cref="ProgressiveRenderer"/> drives: something that adds whole samples to every pixel of
/// a film. The CPU path tracer (<see cref="ImageTileIntegrator"/>) is one; the GPU backend
/// (<c>OrleansBridge.Rendering.Gpu</c>) another.
/// </summary>
public interface IPassRenderer
{
    /// <summary>The scene rendered.</summary>
    RenderScene Scene { get; }

    /// <summary>Where the samples are computed, for logs and metrics: <c>cpu</c>, <c>cuda</c>, <c>opencl</c>, <c>ilgpu-cpu</c>.</summary>
    string Device { get; }

    /// <summary>
    /// Adds <paramref name="samplesPerPixel"/> samples to every pixel of <paramref name="film"/>, each
    /// pixel continuing from the samples it has. Cancellation is observed between units of work (tiles,
    /// launches), so every pixel holds whole samples afterwards.
    /// </summary>
    void Render(AccumulationBuffer film, PerspectiveCamera camera, int samplesPerPixel, RenderOptions options, CancellationToken cancellationToken);
}
