using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>The CPU path tracer (<see cref="PathIntegrator"/>), the default backend.</summary>
public sealed class CpuRenderBackend : IRenderBackend
{
    /// <summary>The one instance (the backend has no state).</summary>
    public static CpuRenderBackend Instance { get; } = new();

    /// <inheritdoc />
    public string Device => "cpu";

    /// <inheritdoc />
    public IPassRenderer Create(RenderScene scene, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PathIntegrator(scene, options.MaxBounces, options.RussianRouletteStart, options.Filter, options.Diffuse);
    }
}
