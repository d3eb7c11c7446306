namespace OrleansBridge.Video;

/// <summary>
/// Where video contexts get what they render: the session's committed scene head, built for the
/// renderer, and the camera to look through. Implemented over the scene → renderer adapter.
/// </summary>
public interface IVideoSceneSource
{
    /// <summary>The scene of the session's current head and the camera named <paramref name="camera"/> (null: the scene's).</summary>
    Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="LoadAsync(string, string, string?, CancellationToken)"/>, given the scene loaded
    /// before: a source may reuse it when only cameras changed since (the camera fast path). The default
    /// ignores it.
    /// </summary>
    Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, VideoScene? previous, CancellationToken cancellationToken) =>
        LoadAsync(sessionId, application, camera, cancellationToken);
}
