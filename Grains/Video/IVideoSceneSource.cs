namespace OrleansBridge.Video;

/// <summary>
/// Where video contexts get what they render: the session's committed scene head, built for the
/// renderer, and the camera to look through. Implemented over the scene → renderer adapter.
/// </summary>
public interface IVideoSceneSource
{
    /// <summary>The scene of the session's current head and the camera named <paramref name="camera"/> (null: the scene's).</summary>
    Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, CancellationToken cancellationToken);
}
