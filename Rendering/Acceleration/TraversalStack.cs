using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The pending-node stack of an ordered BVH traversal: node references with the distance at which the
/// ray enters them, so that a node is skipped when popped if a closer hit has been found since it was
/// pushed. Lives on the caller's stack (spans over stackalloc'd memory).
/// </summary>
internal ref struct TraversalStack
{
    /// <summary>Entries per traversal: three pushes per level of a tree at most ~80 levels deep.</summary>
    public const int Capacity = 256;

    private readonly Span<int> _nodes;
    private readonly Span<float> _distances;
    private int _count;

    /// <summary>A stack over caller-provided storage of <see cref="Capacity"/> entries each.</summary>
    public TraversalStack(Span<int> nodes, Span<float> distances)
    {
        _nodes = nodes;
        _distances = distances;
        _count = 0;
    }

    /// <summary>Pushes <paramref name="node"/> entered at <paramref name="distance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int node, float distance)
    {
        _nodes[_count] = node;
        _distances[_count] = distance;
        _count++;
    }

    /// <summary>
    /// Pushes keeping the entries pushed since <paramref name="start"/> sorted farthest first, so that the
    /// nearest of a node's children is popped first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushSorted(int start, int node, float distance)
    {
        var j = _count++;
        while (j > start && _distances[j - 1] < distance)
        {
            _distances[j] = _distances[j - 1];
            _nodes[j] = _nodes[j - 1];
            j--;
        }

        _distances[j] = distance;
        _nodes[j] = node;
    }

    /// <summary>Number of entries.</summary>
    public readonly int Count => _count;

    /// <summary>Removes and returns the top entry regardless of its distance.</summary>
    public int Pop() => _nodes[--_count];

    /// <summary>Pops entries until one the ray enters before <paramref name="tMax"/>; false when none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPopCloserThan(float tMax, out int node)
    {
        while (_count > 0)
        {
            _count--;
            if (_distances[_count] <= tMax)
            {
                node = _nodes[_count];
                return true;
            }
        }

        node = 0;
        return false;
    }
}
