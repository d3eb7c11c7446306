using System.Collections.Concurrent;
using OrleansBridge.Protocol.Media;

namespace OrleansBridge.Sessions;

/// <summary>
/// The media queue of every live session, by session id, for the subsystems that send unsequenced
/// frames (video contexts). The session grain adds its queue when it starts and removes it when it
/// leaves this silo (closed or moved), before the release work of <see cref="SessionLifecycle"/> runs.
/// </summary>
public sealed class SessionMedia
{
    private readonly ConcurrentDictionary<string, MediaQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>The media queue of a live session.</summary>
    public bool TryGet(string sessionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MediaQueue? queue) =>
        _queues.TryGetValue(sessionId, out queue);

    /// <summary>
    /// Raised when a session that lived elsewhere continues here (it moved, or its silo died): its video
    /// contexts, still running where they render, are attached to this silo's queue. Runs inside the
    /// session's turn: a handler must be quick and must not call back into the session.
    /// </summary>
    public event Action<string, string>? Continued;

    internal void Add(string sessionId, MediaQueue queue) => _queues[sessionId] = queue;

    /// <summary>As <see cref="Add"/>, for a session of <paramref name="application"/> continued from another silo.</summary>
    internal void AddContinued(string sessionId, string application, MediaQueue queue)
    {
        _queues[sessionId] = queue;
        Continued?.Invoke(sessionId, application);
    }

    internal void Remove(string sessionId) => _queues.TryRemove(sessionId, out _);
}
