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

    internal void Add(string sessionId, MediaQueue queue) => _queues[sessionId] = queue;

    internal void Remove(string sessionId) => _queues.TryRemove(sessionId, out _);
}
