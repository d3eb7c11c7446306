namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// Walker's alias method (Vose's construction): draws index i with probability wᵢ/Σw in O(1) from one
/// uniform number. Used to pick a light by power.
/// </summary>
internal sealed class AliasTable
{
    private readonly float[] _probability;
    private readonly int[] _alias;
    private readonly float[] _pmf;

    /// <summary>Builds the table; weights must be finite and non-negative, with a positive sum.</summary>
    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        ArgumentOutOfRangeException.ThrowIfZero(n);
        var sum = 0.0;
        foreach (var w in weights)
        {
            if (!(w >= 0.0) || double.IsInfinity(w))
            {
                throw new ArgumentException("Alias table weights must be finite and non-negative.", nameof(weights));
            }

            sum += w;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sum, 0.0, nameof(weights));
        _probability = new float[n];
        _alias = new int[n];
        _pmf = new float[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            _pmf[i] = (float)(weights[i] / sum);
            scaled[i] = weights[i] / sum * n;
            (scaled[i] < 1.0 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _probability[s] = (float)scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            (scaled[l] < 1.0 ? small : large).Push(l);
        }

        // What is left holds probability 1 up to rounding.
        foreach (var i in small.Concat(large))
        {
            _probability[i] = 1f;
            _alias[i] = i;
        }
    }

    /// <summary>Number of entries.</summary>
    public int Count => _pmf.Length;

    /// <summary>Per bucket, the probability of keeping the bucket's own index (for device upload).</summary>
    internal ReadOnlySpan<float> Probabilities => _probability;

    /// <summary>Per bucket, the index taken otherwise (for device upload).</summary>
    internal ReadOnlySpan<int> Aliases => _alias;

    /// <summary>The probability of each index (for device upload).</summary>
    internal ReadOnlySpan<float> Pmfs => _pmf;

    /// <summary>Probability of drawing <paramref name="index"/>.</summary>
    public float Pmf(int index) => _pmf[index];

    /// <summary>Draws an index from a uniform <paramref name="u"/> in [0, 1).</summary>
    public int Sample(float u, out float pmf)
    {
        var scaled = u * _pmf.Length;
        var bucket = Math.Min((int)scaled, _pmf.Length - 1);
        var index = scaled - bucket < _probability[bucket] ? bucket : _alias[bucket];
        pmf = _pmf[index];
        return index;
    }
}
