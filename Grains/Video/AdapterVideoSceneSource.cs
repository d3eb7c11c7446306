using Orleans;
using OrleansBridge.Cache;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene;

namespace OrleansBridge.Video;

/// <summary>
/// Video contexts render the session's committed head through the scene → renderer adapter: elements
/// and bulk data from the application's cache, built once per manifest in the shared
/// <see cref="RenderSceneCache"/> (mesh BVHs are shared across manifests). A commit that only moved or
/// changed cameras takes the fast path (<see cref="CameraEdits"/>): the previous scene, its BVHs and
/// its geometry are reused as they are and only the cameras are placed anew, so a viewport drag reads
/// two manifests and the changed elements and builds nothing.
/// </summary>
internal sealed class AdapterVideoSceneSource(IGrainFactory grains, ApplicationCaches caches, RenderSceneCache scenes, SceneAdapter adapter) : IVideoSceneSource
{
    public Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, CancellationToken cancellationToken) =>
        LoadAsync(sessionId, application, camera, null, cancellationToken);

    public async Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, VideoScene? previous, CancellationToken cancellationToken)
    {
        var head = await grains.GetGrain<ISceneGrain>(SceneKeys.For(sessionId, application)).GetHeadAsync();
        if (head.Version == 0)
        {
            return VideoSceneResult.Fail("The session has committed no scene yet; the context renders it from the first commit on.");
        }

        var blobs = new CacheBlobSource(caches.For(application).Cache);
        if (previous is { Manifest: { } before, Adapted: { } adaptedBefore } && before != head.Manifest
            && await CameraEdits.TryApplyAsync(before, adaptedBefore, head.Manifest, blobs, cancellationToken) is { } moved)
        {
            return moved.TryGetCamera(camera, out var movedView)
                ? VideoSceneResult.Ok(previous with { Camera = movedView, Version = head.Version, Manifest = head.Manifest, Adapted = moved, CameraOnly = true })
                : NoCamera(camera);
        }

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
            return NoCamera(camera);
        }

        return VideoSceneResult.Ok(new VideoScene(prepared.Scene.Scene, view, head.Version, adapted.ToneMapping, adapted.ExposureStops, head.Manifest, adapted));
    }

    private static VideoSceneResult NoCamera(string? camera) => VideoSceneResult.Fail($"The scene has no camera or camera instance '{camera}'.");
}
