using System.Numerics;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// Every light of a scene in one list: entries [0, P) are punctual lights, [P, P + T) emissive triangles,
/// and the environment, when there is one, is last. <see cref="LightSelection.Importance"/> picks by
/// estimated contribution at the shading point: first between the infinite lights (directional, each
/// weighted by its irradiance E; the environment by π × its mean radiance, the irradiance it would give
/// a plane) and the <see cref="LightTree"/> of local lights (weighted by its root importance, an
/// irradiance bound at the point), then down the tree.
/// </summary>
internal sealed class LightTable
{
    private readonly LightSelection _selection;
    private readonly AliasTable? _power;
    private readonly LightTree? _tree;
    private readonly int[] _infinite;
    private readonly float[] _infiniteWeight;

    // Direction towards each infinite light (directional), or zero (the environment: no single direction).
    private readonly Vector3[] _infiniteDirection;

    // Entry → leaf index in the tree, or −1 for infinite lights.
    private readonly int[] _leafOfEntry;
    private readonly int[] _entryOfLeaf;

    /// <summary>Builds the table; <paramref name="triangleWeights"/> are the triangles' powers (π·A·L, × 2 if two-sided).</summary>
    public LightTable(PunctualLight[] punctual, EmissiveTriangle[] triangles, ReadOnlySpan<float> triangleWeights, EnvironmentLight? environment, float sceneRadius, LightSelection selection = LightSelection.Importance)
    {
        Punctual = punctual;
        Triangles = triangles;
        Environment = environment;
        _selection = selection;
        var count = punctual.Length + triangles.Length + (environment is null ? 0 : 1);
        EnvironmentEntry = environment is null ? -1 : count - 1;
        Count = count;
        var weights = new double[count];
        var infinite = new List<int>();
        var infiniteWeights = new List<float>();
        var infiniteDirections = new List<Vector3>();
        var local = new List<LightBounds>();
        var entryOfLeaf = new List<int>();
        _leafOfEntry = new int[count];
        Array.Fill(_leafOfEntry, -1);
        for (var i = 0; i < punctual.Length; i++)
        {
            ref readonly var light = ref punctual[i];
            weights[i] = light.Power(sceneRadius);
            if (light.IsInfinite)
            {
                infinite.Add(i);
                infiniteWeights.Add(GltfBsdf.Luminance(light.PeakIntensity));
                infiniteDirections.Add(light.TowardsLight);
            }
            else if (light.PeakIntensity != Vector3.Zero)
            {
                _leafOfEntry[i] = local.Count;
                entryOfLeaf.Add(i);
                local.Add(light.Bounds());
            }
        }

        for (var i = 0; i < triangles.Length; i++)
        {
            var entry = punctual.Length + i;
            weights[entry] = triangleWeights[i];
            if (triangleWeights[i] > 0f)
            {
                ref readonly var t = ref triangles[i];
                _leafOfEntry[entry] = local.Count;
                entryOfLeaf.Add(entry);
                var p1 = t.P0 + t.Edge1;
                var p2 = t.P0 + t.Edge2;
                local.Add(new LightBounds(
                    Vector3.Min(t.P0, Vector3.Min(p1, p2)),
                    Vector3.Max(t.P0, Vector3.Max(p1, p2)),
                    t.Normal,
                    triangleWeights[i] / MathF.PI,
                    1f,
                    0f,
                    t.TwoSided));
            }
        }

        if (environment is not null)
        {
            weights[EnvironmentEntry] = environment.Power(sceneRadius);
            infinite.Add(EnvironmentEntry);
            infiniteWeights.Add((float)(weights[EnvironmentEntry] / (4.0 * sceneRadius * sceneRadius)));
            infiniteDirections.Add(Vector3.Zero);
        }

        if (weights.Any(w => w > 0.0))
        {
            _power = new AliasTable(weights);
        }

        _infinite = [.. infinite];
        _infiniteWeight = [.. infiniteWeights];
        _infiniteDirection = [.. infiniteDirections];
        _entryOfLeaf = [.. entryOfLeaf];
        _tree = local.Count > 0 ? new LightTree([.. local]) : null;
    }

    /// <summary>Punctual lights (entries 0 ..).</summary>
    public PunctualLight[] Punctual { get; }

    /// <summary>Emissive triangles (entries after the punctual lights).</summary>
    public EmissiveTriangle[] Triangles { get; }

    /// <summary>The environment, if any.</summary>
    public EnvironmentLight? Environment { get; }

    /// <summary>Entry index of the environment, or -1.</summary>
    public int EnvironmentEntry { get; }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>The alias table by power (<see cref="LightSelection.Power"/>), whatever the selection; null when nothing emits.</summary>
    public AliasTable? PowerTable => _power;

    /// <summary>How lights are picked.</summary>
    public LightSelection Selection => _selection;

    /// <summary>The tree over local lights (<see cref="LightSelection.Importance"/>); null when there are none.</summary>
    public LightTree? Tree => _tree;

    /// <summary>For device upload: the infinite lights' entries, weights and directions (zero for the environment).</summary>
    public (int[] Entries, float[] Weights, Vector3[] Directions) InfiniteLights => (_infinite, _infiniteWeight, _infiniteDirection);

    /// <summary>For device upload: entry → tree leaf (−1 for infinite lights) and leaf → entry.</summary>
    public (int[] LeafOfEntry, int[] EntryOfLeaf) Leaves => (_leafOfEntry, _entryOfLeaf);

    /// <summary>True when at least one light carries power.</summary>
    public bool HasLights => _power is not null;

    /// <summary>Entry index of emissive triangle <paramref name="triangle"/>.</summary>
    public int TriangleEntry(int triangle) => Punctual.Length + triangle;

    /// <summary>Probability that <see cref="Pick"/> at (<paramref name="p"/>, <paramref name="n"/>) returns <paramref name="entry"/>.</summary>
    public float Pmf(int entry, Vector3 p, Vector3 n)
    {
        if (_power is null || entry < 0)
        {
            return 0f;
        }

        switch (_selection)
        {
            case LightSelection.Power:
                return _power.Pmf(entry);
            case LightSelection.Uniform:
                return 1f / Count;
        }

        var tree = _tree is null ? 0f : _tree.RootImportance(p, n);
        var total = InfiniteTotal(n) + tree;
        if (!(total > 0f))
        {
            return 0f;
        }

        var leaf = _leafOfEntry[entry];
        if (leaf < 0)
        {
            var slot = Array.IndexOf(_infinite, entry);
            return slot < 0 ? 0f : InfiniteWeight(slot, n) / total;
        }

        return tree / total * _tree!.Pmf(leaf, p, n);
    }

    /// <summary>Picks an entry for a shading point at <paramref name="p"/> with normal <paramref name="n"/>; −1 when none can contribute.</summary>
    public int Pick(float u, Vector3 p, Vector3 n, out float pmf)
    {
        pmf = 0f;
        if (_power is null)
        {
            return -1;
        }

        switch (_selection)
        {
            case LightSelection.Power:
                return _power.Sample(u, out pmf);
            case LightSelection.Uniform:
                pmf = 1f / Count;
                return Math.Min((int)(u * Count), Count - 1);
        }

        var tree = _tree is null ? 0f : _tree.RootImportance(p, n);
        var infinite = InfiniteTotal(n);
        var total = infinite + tree;
        if (!(total > 0f))
        {
            return -1;
        }

        var x = u * total;
        if (x < infinite)
        {
            // Few infinite lights: a linear walk, skipping those with no weight here.
            var last = -1;
            for (var i = 0; i < _infinite.Length; i++)
            {
                var weight = InfiniteWeight(i, n);
                if (weight <= 0f)
                {
                    continue;
                }

                last = i;
                x -= weight;
                if (x < 0f)
                {
                    break;
                }
            }

            pmf = InfiniteWeight(last, n) / total;
            return _infinite[last];
        }

        var leaf = _tree!.Sample(p, n, Math.Clamp((x - infinite) / tree, 0f, 0.99999994f), out var treePmf);
        if (leaf < 0)
        {
            return -1;
        }

        pmf = tree / total * treePmf;
        return _entryOfLeaf[leaf];
    }

    /// <summary>Weight of infinite light <paramref name="slot"/> at a receiver with normal <paramref name="n"/>.</summary>
    private float InfiniteWeight(int slot, Vector3 n)
    {
        var direction = _infiniteDirection[slot];
        return direction == Vector3.Zero || n == Vector3.Zero ? _infiniteWeight[slot] : _infiniteWeight[slot] * MathF.Abs(Vector3.Dot(direction, n));
    }

    private float InfiniteTotal(Vector3 n)
    {
        var total = 0f;
        for (var i = 0; i < _infinite.Length; i++)
        {
            total += InfiniteWeight(i, n);
        }

        return total;
    }
}
