using System.Numerics;

namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// A piecewise-constant density over [0, 1)², sampled by inverting a marginal CDF over rows and a
/// conditional CDF within the chosen row (pbrt's PiecewiseConstant2D). Used to importance-sample
/// environment maps by luminance·sinθ.
/// </summary>
internal sealed class Distribution2D
{
    private readonly int _width;
    private readonly int _height;
    private readonly float[] _function;
    private readonly float[] _conditionalCdf;
    private readonly float[] _rowIntegral;
    private readonly float[] _marginalCdf;
    private readonly float _integral;

    /// <summary>Builds the CDFs of <paramref name="function"/> (row-major, non-negative, any positive sum).</summary>
    public Distribution2D(float[] function, int width, int height)
    {
        _width = width;
        _height = height;
        _function = function;
        _conditionalCdf = new float[height * (width + 1)];
        _rowIntegral = new float[height];
        _marginalCdf = new float[height + 1];
        for (var y = 0; y < height; y++)
        {
            _rowIntegral[y] = BuildCdf(function.AsSpan(y * width, width), _conditionalCdf.AsSpan(y * (width + 1), width + 1));
        }

        _integral = BuildCdf(_rowIntegral, _marginalCdf);
    }

    /// <summary>Mean of the function over the unit square; zero means nothing to sample.</summary>
    public float Integral => _integral;

    /// <summary>For device upload: size, the function, the rows' conditional CDFs (width + 1 each) and the marginal CDF.</summary>
    public (int Width, int Height, float[] Function, float[] ConditionalCdf, float[] MarginalCdf) Arrays =>
        (_width, _height, _function, _conditionalCdf, _marginalCdf);

    /// <summary>A point with density proportional to the function, and that density.</summary>
    public Vector2 Sample(Vector2 u, out float pdf)
    {
        var row = Find(_marginalCdf, u.Y);
        var dv = Offset(_marginalCdf, row, u.Y);
        var cdf = _conditionalCdf.AsSpan(row * (_width + 1), _width + 1);
        var column = Find(cdf, u.X);
        var du = Offset(cdf, column, u.X);
        pdf = _integral > 0f ? _function[(row * _width) + column] / _integral : 0f;
        return new Vector2((column + du) / _width, (row + dv) / _height);
    }

    /// <summary>The density at <paramref name="uv"/>.</summary>
    public float Pdf(Vector2 uv)
    {
        var x = Math.Clamp((int)(uv.X * _width), 0, _width - 1);
        var y = Math.Clamp((int)(uv.Y * _height), 0, _height - 1);
        return _integral > 0f ? _function[(y * _width) + x] / _integral : 0f;
    }

    private static float BuildCdf(ReadOnlySpan<float> function, Span<float> cdf)
    {
        var n = function.Length;
        var sum = 0.0;
        cdf[0] = 0f;
        for (var i = 0; i < n; i++)
        {
            sum += function[i] / (double)n;
            cdf[i + 1] = (float)sum;
        }

        if (sum <= 0.0)
        {
            // Nothing to prefer: sample uniformly.
            for (var i = 1; i <= n; i++)
            {
                cdf[i] = i / (float)n;
            }

            return 0f;
        }

        for (var i = 1; i <= n; i++)
        {
            cdf[i] = (float)(cdf[i] / sum);
        }

        cdf[n] = 1f;
        return (float)sum;
    }

    /// <summary>The last index i with cdf[i] ≤ u, among the n intervals of an (n+1)-entry CDF.</summary>
    private static int Find(ReadOnlySpan<float> cdf, float u)
    {
        int lo = 0, hi = cdf.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (cdf[mid] <= u)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static float Offset(ReadOnlySpan<float> cdf, int i, float u)
    {
        var width = cdf[i + 1] - cdf[i];
        return width > 0f ? Math.Clamp((u - cdf[i]) / width, 0f, 0.99999994f) : 0.5f;
    }
}
