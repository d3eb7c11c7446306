using Orleans;

namespace OrleansBridge.Rendering;

/// <summary>
/// Renders stills of one session's scenes (key: the session id). Placed on a silo of the render role
/// when the cluster has one (<c>RenderSiloPlacementFilter</c>), else on the caller's silo; the
/// activation stays where it is while the session renders, so its scenes' prepared BVHs stay warm there,
/// and Orleans activates it on another render silo when that one is gone.
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
