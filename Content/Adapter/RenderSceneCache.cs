using System.Diagnostics;
using OrleansBridge.Cache;
using OrleansBridge.Rendering.Acceleration;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// The scenes a render worker keeps hot, by manifest hash (a manifest names an immutable scene, so a
/// hash never goes stale): at most <see cref="Capacity"/>, least recently used evicted first. Two
/// renders of one manifest share one build. Mesh BVHs live in <see cref="Bvhs"/>, shared across
/// scenes; evicting a scene drops the BVHs no remaining scene uses. Failed builds are not kept.
/// </summary>
public sealed class RenderSceneCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ContentHash, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    /// <summary>A cache of at most <paramref name="capacity"/> scenes, their mesh BVHs in <paramref name="bvhs"/> (a new cache when null).</summary>
    public RenderSceneCache(int capacity, MeshBvhCache? bvhs = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Bvhs = bvhs ?? new MeshBvhCache();
    }

    /// <summary>Scenes kept at most.</summary>
    public int Capacity { get; }

    /// <summary>The per-mesh BVHs of the cached scenes.</summary>
    public MeshBvhCache Bvhs { get; }

    /// <summary>Scenes cached now (built or building).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True when <paramref name="manifest"/> is cached (built or building).</summary>
    public bool Contains(ContentHash manifest)
    {
        lock (_lock)
        {
            return _entries.ContainsKey(manifest);
        }
    }

    /// <summary>
    /// The prepared scene of <paramref name="manifest"/>: cached, or adapted with <paramref name="adapt"/>
    /// and built now. A build cancelled by another caller's token is retried with this caller's.
    /// </summary>
    public async Task<PreparedSceneResult> GetOrBuildAsync(ContentHash manifest, Func<CancellationToken, Task<AdapterResult>> adapt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapt);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Entry entry;
            bool fromCache;
            lock (_lock)
            {
                if (_entries.TryGetValue(manifest, out var node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    entry = node.Value;
                    fromCache = true;
                }
                else
                {
                    entry = new Entry(manifest, BuildAsync(manifest, adapt, cancellationToken));
                    _entries[manifest] = _recency.AddFirst(entry);
                    fromCache = false;
                }
            }

            PreparedSceneResult result;
            try
            {
                result = await entry.Build.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Forget(entry);
                continue; // The caller whose token ran the build gave up; this one builds anew.
            }
            catch (OperationCanceledException)
            {
                if (!fromCache)
                {
                    Forget(entry);
                }

                throw;
            }

            if (!result.Succeeded)
            {
                Forget(entry);
                return result;
            }

            Trim();
            return result with { FromCache = fromCache };
        }
    }

    private async Task<PreparedSceneResult> BuildAsync(ContentHash manifest, Func<CancellationToken, Task<AdapterResult>> adapt, CancellationToken cancellationToken)
    {
        await Task.Yield(); // The build runs after the entry is published, outside the lock.
        var started = Stopwatch.GetTimestamp();
        var adapted = await adapt(cancellationToken);
        if (!adapted.Succeeded)
        {
            return new PreparedSceneResult(adapted.Error, adapted.Message, null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var scene = RenderScene.Build(adapted.Scene!.Description, Bvhs);
        return new PreparedSceneResult(ErrorCode.None, null, new PreparedScene(manifest, adapted.Scene, scene, Stopwatch.GetElapsedTime(started)));
    }

    private void Forget(Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Manifest, out var node) && ReferenceEquals(node.Value, entry))
            {
                _entries.Remove(entry.Manifest);
                _recency.Remove(node);
            }
        }
    }

    /// <summary>Evicts least recently used finished scenes beyond the capacity, then the BVHs only they used.</summary>
    private void Trim()
    {
        List<Entry> evicted = [];
        HashSet<string> kept = new(StringComparer.Ordinal);
        lock (_lock)
        {
            for (var node = _recency.Last; node is not null && _entries.Count > Capacity;)
            {
                var previous = node.Previous;
                if (node.Value.Build.IsCompletedSuccessfully)
                {
                    evicted.Add(node.Value);
                    _entries.Remove(node.Value.Manifest);
                    _recency.Remove(node);
                }

                node = previous;
            }

            if (evicted.Count == 0)
            {
                return;
            }

            foreach (var entry in _recency)
            {
                if (!entry.Build.IsCompletedSuccessfully)
                {
                    return; // A build in progress may use any BVH: keep them all until a later trim.
                }

                kept.UnionWith(MeshIds(entry));
            }
        }

        foreach (var id in evicted.SelectMany(MeshIds).Where(id => !kept.Contains(id)))
        {
            Bvhs.Remove(id);
        }
    }

    private static IEnumerable<string> MeshIds(Entry entry) =>
        entry.Build.Result.Scene?.Adapted.Description.Meshes.Select(m => m.Id) ?? [];

    private sealed record Entry(ContentHash Manifest, Task<PreparedSceneResult> Build);
}
