using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>A committed or aborted transaction, as published inside the server.</summary>
/// <param name="SessionId">The session whose scene it is.</param>
/// <param name="Transaction">The transaction id.</param>
/// <param name="Committed">True for a commit, false for an abort.</param>
/// <param name="Manifest">The head after the event.</param>
/// <param name="Version">The head's version after the event.</param>
/// <param name="ReceivedAt">When this process's gateway read the commit request (<see cref="TimeProvider.GetTimestamp"/>); 0 when it came another way (an import, a job).</param>
public sealed record SceneEvent(string SessionId, string Transaction, bool Committed, ContentHash Manifest, long Version, long ReceivedAt = 0);

/// <summary>
/// Publishes scene commits and aborts inside the process; render and video contexts listen here.
/// Handlers run inside the scene's turn: keep them quick and never call back into the scene.
/// </summary>
public sealed class SceneLifecycle
{
    /// <summary>Raised after each commit and abort.</summary>
    public event Action<SceneEvent>? Changed;

    internal void Publish(SceneEvent change) => Changed?.Invoke(change);
}
