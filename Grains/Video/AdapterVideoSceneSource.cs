using Orleans;
using OrleansBridge.Cache;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene;

namespace OrleansBridge.Video;

/// <summary>
/// Video contexts render the session's committed head through the scene → renderer adapter: elements
/// and bulk data from the application's cache, built once per manifest in the shared
/// <see cref="RenderSceneCache"/> (mesh BVHs are shared across manifests, so a camera edit, which is
/// a new manifest, rebuilds only the instance level and re-reads the small element JSON).
/// </summary>
internal sealed class AdapterVideoSceneSource(IGrainFactory grains, ApplicationCaches caches, RenderSceneCache scenes, SceneAdapter adapter) : IVideoSceneSource
{
    public async Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, CancellationToken cancellationToken)
    {
        var head = await grains.GetGrain<ISceneGrain>(SceneKeys.For(sessionId, application)).GetHeadAsync();
        if (head.Version == 0)
        {
            return VideoSceneResult.Fail("The session has committed no scene yet; the context renders it from the first commit on.");
        }

        var blobs = new CacheBlobSource(caches.For(application).Cache);
        var prepared = await scenes.GetOrBuildAsync(head.Manifest, async token =>
        {
            var loaded = await SceneElementsLoader.LoadAsync(head.Manifest, blobs, token);
            return loaded.Succeeded
                ? await adapter.BuildAsync(loaded.Elements!, blobs, token)
                : AdapterResult.Fail(loaded.Error, loaded.Message ?? "The scene could not be read.");
        }, cancellationToken);
        if (!prepared.Succeeded)
        {
            return VideoSceneResult.Fail($"{(int)prepared.Error}: {prepared.Message}");
        }

        var adapted = prepared.Scene!.Adapted;
        if (!adapted.TryGetCamera(camera, out var view))
        {
            return VideoSceneResult.Fail($"The scene has no camera or camera instance '{camera}'.");
        }

        return VideoSceneResult.Ok(new VideoScene(prepared.Scene.Scene, view, head.Version, adapted.ToneMapping, adapted.ExposureStops));
    }
}
