using System.Collections.Concurrent;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Per-mesh BVHs by mesh identity, shared across scenes and renders: a render worker keeps hot meshes'
/// BVHs here and rebuilds only the cheap instance-level BVH when a scene changes. Thread-safe; a mesh
/// built concurrently by two callers is built once. Eviction is the owner's call (<see cref="Remove"/>).
/// </summary>
public sealed class MeshBvhCache
{
    private readonly ConcurrentDictionary<string, Lazy<MeshBvh>> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of cached BVHs.</summary>
    public int Count => _entries.Count;

    /// <summary>The BVH of <paramref name="mesh"/>, built on first request for its <see cref="MeshData.Id"/>.</summary>
    public MeshBvh GetOrBuild(MeshData mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var bvh = _entries.GetOrAdd(mesh.Id, _ => new Lazy<MeshBvh>(() => MeshBvh.Build(mesh))).Value;
        if (bvh.TriangleCount != mesh.TriangleCount)
        {
            throw new ArgumentException($"Mesh '{mesh.Id}' has {mesh.TriangleCount} triangles but the cached BVH under that id has {bvh.TriangleCount}: ids must identify geometry.", nameof(mesh));
        }

        return bvh;
    }

    /// <summary>True when a BVH for <paramref name="meshId"/> is cached.</summary>
    public bool Contains(string meshId) => _entries.ContainsKey(meshId);

    /// <summary>Drops the BVH of <paramref name="meshId"/>; true when there was one.</summary>
    public bool Remove(string meshId) => _entries.TryRemove(meshId, out _);

    /// <summary>Drops every cached BVH.</summary>
    public void Clear() => _entries.Clear();
}
