namespace OrleansBridge.Video;

/// <summary>The scene source of a server built without the scene → renderer adapter: every load fails with 4824.</summary>
internal sealed class UnavailableVideoSceneSource : IVideoSceneSource
{
    public Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, CancellationToken cancellationToken) =>
        Task.FromResult(VideoSceneResult.Fail("This server has no scene adapter to render the session's scene."));
}
