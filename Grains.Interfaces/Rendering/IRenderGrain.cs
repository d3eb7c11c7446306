using Orleans;

namespace OrleansBridge.Rendering;

/// <summary>
/// A render worker (stateless: any activation can serve any request; keys <c>worker-0</c>…
/// pick one of a fixed number of them, as an Orleans stateless worker's local activations). It renders
/// a committed manifest it reads from the application's cache; hot scenes and per-mesh BVHs are shared
/// by all workers of the process.
/// </summary>
[Alias("bridge.render")]
public interface IRenderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Renders one still to the request's samples or time budget, reporting after each pass, and stores
    /// the encoded image in the application's cache (pinned for <see cref="RenderStillRequest.Owner"/>
    /// before it is written). Cancelling stops between tiles and returns 4403.
    /// </summary>
    Task<RenderStillOutcome> RenderStillAsync(RenderStillRequest request, IRenderProgress? progress, CancellationToken cancellationToken);
}
