using OrleansBridge.Cache;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// Where the adapter reads bulk data (vertex arrays, images, element JSON) by content hash: the
/// application's cache on a server, a dictionary of imported blobs for a local render.
/// </summary>
public interface IBlobSource
{
    /// <summary>
    /// Reads the whole entry <paramref name="hash"/>. An entry longer than <paramref name="maxBytes"/>
    /// is refused (<see cref="Protocol.ErrorCode.RenderSceneTooLarge"/>) without being read; a missing
    /// one is <see cref="Protocol.ErrorCode.SceneMissingCacheEntry"/>.
    /// </summary>
    ValueTask<BlobReadResult> ReadAsync(ContentHash hash, long maxBytes, CancellationToken cancellationToken);
}
