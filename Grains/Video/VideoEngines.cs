using System.Collections.Concurrent;

namespace OrleansBridge.Video;

/// <summary>
/// The video contexts whose render loop and encoder run in this process (on the video grains placed
/// here), by session and context id: for operators and tests. In a deployment without render silos
/// that is every context of the sessions served here.
/// </summary>
public sealed class VideoEngines
{
    private readonly ConcurrentDictionary<(string Session, string Context), VideoContext> _engines = new();

    /// <summary>A context running here.</summary>
    public bool TryGet(string sessionId, string context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VideoContext? engine) =>
        _engines.TryGetValue((sessionId, context), out engine);

    /// <summary>How many contexts run here.</summary>
    public int Count => _engines.Count;

    internal void Add(string sessionId, VideoContext engine) => _engines[(sessionId, engine.Id)] = engine;

    internal void Remove(string sessionId, VideoContext engine) =>
        _engines.TryRemove(new KeyValuePair<(string, string), VideoContext>((sessionId, engine.Id), engine));
}
