using System.Collections.Concurrent;
using OrleansBridge.Hosting;
using OrleansBridge.Sessions;

namespace OrleansBridge.Scene;

/// <summary>
/// Remembers which sessions have a scene, and closes that scene (aborting its open transactions)
/// when the session closes: a dropped client's transactions stay open through PENDING, and end only
/// with the session.
/// </summary>
internal sealed class SceneSessions
{
    private readonly ConcurrentDictionary<string, string> _keysBySession = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;

    public SceneSessions(SessionLifecycle sessions, IGrainFactory grains)
    {
        _grains = grains;
        sessions.Transitioned += OnTransition;
    }

    /// <summary>The scene grain of a session, remembered for closing.</summary>
    public ISceneGrain SceneOf(string sessionId, string application)
    {
        var key = _keysBySession.GetOrAdd(sessionId, static (id, app) => SceneKeys.For(id, app), application);
        return _grains.GetGrain<ISceneGrain>(key);
    }

    private void OnTransition(SessionTransition transition)
    {
        if (transition.State == SessionState.Closed && _keysBySession.TryRemove(transition.SessionId, out var key))
        {
            // Runs inside the session's turn: start the scene's close, do not wait for it there.
            _ = _grains.GetGrain<ISceneGrain>(key).CloseAsync();
        }
    }
}
