using System.Collections.Concurrent;
using Orleans;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Scene;

/// <summary>
/// Remembers which sessions have a scene, and closes that scene (aborting its open transactions,
/// releasing its cache pins) when the session closes: a dropped client's transactions stay open through PENDING, and end only
/// with the session.
/// </summary>
internal sealed class SceneSessions
{
    private readonly ConcurrentDictionary<string, string> _keysBySession = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;

    public SceneSessions(SessionLifecycle sessions, IGrainFactory grains)
    {
        _grains = grains;
        sessions.OnRelease(ReleaseSceneAsync);
        // A commit or an import whose silo stopped before it answered: the scene keeps what each request
        // applied (by client sequence), so the new owner answers it instead of reporting "maybe".
        foreach (var method in (ReadOnlySpan<string>)["scene.commit", "snapshot.import"])
        {
            sessions.OnInterrupted(method, async request =>
                await SceneOf(request.SessionId, request.Application).FindCommitAsync(request.Sequence) is { } commit
                    ? RequestResult.Ok(commit, SceneJson.Default.CommitResult)
                    : null);
        }
    }

    /// <summary>The scene grain of a session, remembered for closing.</summary>
    public ISceneGrain SceneOf(string sessionId, string application)
    {
        var key = _keysBySession.GetOrAdd(sessionId, static (id, app) => SceneKeys.For(id, app), application);
        return _grains.GetGrain<ISceneGrain>(key);
    }

    /// <summary>
    /// Closed: awaited before the session is announced CLOSED, so whoever sees CLOSED finds the scene's
    /// transactions aborted and its cache pins released. Moved: the scene stops serving here and keeps
    /// what it stored for the new owner. The scene never calls back into the session.
    /// </summary>
    private Task ReleaseSceneAsync(SessionRelease release)
    {
        if (!_keysBySession.TryRemove(release.SessionId, out var key))
        {
            return Task.CompletedTask;
        }

        var scene = _grains.GetGrain<ISceneGrain>(key);
        return release.Moved ? scene.RelinquishAsync() : scene.CloseAsync();
    }
}
