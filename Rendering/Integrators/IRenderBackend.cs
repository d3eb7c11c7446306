using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>Makes the <see cref="IPassRenderer"/> for a scene: the render device chosen once per server (<c>Bridge:Rendering:Device</c>).</summary>
public interface IRenderBackend
{
    /// <summary>The device this backend renders on when a scene is supported there (<see cref="IPassRenderer.Device"/>).</summary>
    string Device { get; }

    /// <summary>
    /// A renderer of <paramref name="scene"/> with <paramref name="options"/>; a backend that cannot
    /// render the scene returns the CPU path tracer (and says why in its own log).
    /// </summary>
    IPassRenderer Create(RenderScene scene, RenderOptions options);
}
