using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Where a pass's samples go when <see cref="Scene.RenderOptions.AdaptiveSampling"/> is on: to the pixels
/// whose relative error is largest, so that sub-pixel highlights, edges and caustics get the samples that
/// flat, converged areas do not need.
/// </summary>
/// <remarks>
/// <para>
/// Each pixel's need is the variance of its samples' luminance over mean² + 0.01: the relative error per
/// sample that relMSE counts (the constant keeps dark pixels from asking for everything). Then each pixel
/// takes the largest need in its 3×3 neighbourhood: a pixel whose few samples all missed a highlight that
/// its neighbour caught asks as much as the neighbour. The image's mean need is added to every pixel's,
/// so that about half of the samples go by need and half alike (without it, the plain 64-spp error on the
/// terrain bench scene was 0.0045 instead of 0.0027: pixels whose variance came out low by chance were
/// starved round after round). Totals follow the need, n_p = max(n_p now, c·need_p), at most
/// <see cref="MaxPerRound"/> more per pixel, with c chosen so the round adds exactly its budget. Rounding
/// carries the fractions along the rows, so the counts add up exactly and depend on the film alone: the
/// image is the same for any thread count or tile size.
/// </para>
/// <para>
/// Totals proportional to the variance, not to the standard deviation (Neyman's allocation, which
/// minimises the plain image's error for a fixed total), put more of the budget on the few pixels no
/// filter can help: sub-pixel highlights and edges. With the denoiser that measured lower error
/// (docs/rendering.md, "Adaptive sampling").
/// </para>
/// <para>
/// A pixel's samples stay one stratified sequence (sample n of pixel p is the same whatever the
/// allocation). The counts depend on the samples, so the estimate is slightly biased: a pixel whose first
/// samples all missed a small bright feature asks for fewer, and keeps it missed longer; the 3×3
/// neighbourhood, the even half and <see cref="MinSamples"/> samples for every pixel first limit that
/// (the Cornell box's mean 0.987 of the reference at 64 spp, 0.990 with every pixel alike).
/// </para>
/// </remarks>
public sealed class AdaptiveAllocator
{
    /// <summary>Samples every pixel gets before any pass is spent by need.</summary>
    public const int MinSamples = 2;

    /// <summary>
    /// Most samples one pixel gets in one round (a pixel's worth of samples for the image): a hot spot on a
    /// flat image cannot take whole rounds, and no count overflows.
    /// </summary>
    public const int MaxPerRound = 1024;

    /// <summary>Added to a pixel's squared mean before dividing (relMSE's constant).</summary>
    private const float DarkFloor = 0.01f;

    /// <summary>The largest need kept: a pixel whose sums overflowed (non-finite variance) asks for much, not for everything.</summary>
    private const float MaxNeed = 1e12f;

    private readonly int _width;
    private readonly int _height;
    private float[] _need;
    private float[] _dilated;
    private readonly int[] _counts;

    // Each pixel's samples so far, as floats for the vector sums.
    private readonly float[] _have;

    /// <summary>An allocator for a film of <paramref name="width"/> × <paramref name="height"/>; allocates its buffers once.</summary>
    public AdaptiveAllocator(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _width = width;
        _height = height;
        _need = new float[width * height];
        _dilated = new float[width * height];
        _counts = new int[width * height];
        _have = new float[width * height];
    }

    /// <summary>
    /// Samples to add per pixel (row-major) so that <paramref name="film"/> gains <paramref name="budget"/>
    /// samples in all, by need. The returned buffer is reused by the next call.
    /// </summary>
    public ReadOnlyMemory<int> Allocate(AccumulationBuffer film, long budget)
    {
        ArgumentNullException.ThrowIfNull(film);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        if (film.Width != _width || film.Height != _height)
        {
            throw new ArgumentException($"The film is {film.Width}x{film.Height}, the allocator {_width}x{_height}.", nameof(film));
        }

        var pixels = _need.Length;
        var samples = 0L;
        for (var p = 0; p < pixels; p++)
        {
            var (mean, variance) = film.LuminanceStatistics(p);
            var need = variance / ((mean * mean) + DarkFloor);
            _need[p] = float.IsNaN(need) ? 0f : MathF.Min(need, MaxNeed);
            var have = film.SamplesAt(p);
            _have[p] = have;
            samples += have;
        }

        // The largest need in each 3×3 neighbourhood, as a 3-wide maximum along the rows, then down the columns.
        for (var y = 0; y < _height; y++)
        {
            var row = _need.AsSpan(y * _width, _width);
            var across = _dilated.AsSpan(y * _width, _width);
            for (var x = 0; x < _width; x++)
            {
                across[x] = MathF.Max(row[x], MathF.Max(row[Math.Max(0, x - 1)], row[Math.Min(_width - 1, x + 1)]));
            }
        }

        for (var y = 0; y < _height; y++)
        {
            var above = _dilated.AsSpan(Math.Max(0, y - 1) * _width, _width);
            var at = _dilated.AsSpan(y * _width, _width);
            var below = _dilated.AsSpan(Math.Min(_height - 1, y + 1) * _width, _width);
            var most = _need.AsSpan(y * _width, _width);
            for (var x = 0; x < _width; x++)
            {
                most[x] = MathF.Max(at[x], MathF.Max(above[x], below[x]));
            }
        }

        (_need, _dilated) = (_dilated, _need);

        // Every pixel's need is raised by the image's mean need, so that half the budget goes by need and half
        // alike: a pixel whose estimate of its own variance came out low by chance is not starved for good.
        var total = 0.0;
        foreach (var need in _dilated)
        {
            total += need;
        }

        var floor = (float)(total / pixels);
        for (var p = 0; p < pixels; p++)
        {
            _dilated[p] += floor;
        }

        // c such that Σ min(cap, max(0, c·need_p − n_p)) = budget: the sum grows with c, at most Σ need times as
        // fast, so find an upper bound, then bisect until the bounds' sums differ by less than half a sample.
        var needs = 2 * total;
        double low = 0, high = needs > 0 ? (budget + samples) / needs : 0;
        while (needs > 0 && Excess((float)high) < budget && high < 1e30)
        {
            high *= 2;
        }

        for (var i = 0; i < 64 && (high - low) * needs > 0.5; i++)
        {
            var mid = 0.5 * (low + high);
            (Excess((float)mid) < budget ? ref low : ref high) = mid;
        }

        // Round along the rows, carrying the fractions, so the counts add up to the budget.
        Array.Clear(_counts);
        double wanted = 0;
        long given = 0;
        for (var p = 0; p < pixels && given < budget; p++)
        {
            wanted += Wanted((float)high, _dilated[p], _have[p]);
            var count = (int)Math.Min(budget - given, (long)Math.Floor(wanted + 0.5) - given);
            if (count > 0)
            {
                _counts[p] = count;
                given += count;
            }
        }

        // Whatever rounding or an all-zero need left over goes round the pixels, one each, from a place that
        // moves on with the film's total, so no pixel is favoured round after round.
        for (var p = (int)(samples % pixels); given < budget; p = (p + 1) % pixels)
        {
            _counts[p]++;
            given++;
        }

        return _counts;
    }

    /// <summary>
    /// Σ min(cap, max(0, c·need_p − n_p)): the samples scale <paramref name="c"/> would add. Four float lanes per
    /// row (<see cref="Vector128{T}"/>: the same width on every processor, so every silo finds the same c), the
    /// rows added in double.
    /// </summary>
    private double Excess(float c)
    {
        var scale = Vector128.Create(c);
        var cap = Vector128.Create((float)MaxPerRound);
        double sum = 0;
        for (var y = 0; y < _height; y++)
        {
            var need = _dilated.AsSpan(y * _width, _width);
            var have = _have.AsSpan(y * _width, _width);
            var lanes = Vector128<float>.Zero;
            var x = 0;
            for (; x <= _width - 4; x += 4)
            {
                var wanted = (scale * Vector128.Create(need.Slice(x, 4))) - Vector128.Create(have.Slice(x, 4));
                lanes += Vector128.Min(cap, Vector128.Max(Vector128<float>.Zero, wanted));
            }

            var row = (double)lanes[0] + lanes[1] + lanes[2] + lanes[3];
            for (; x < _width; x++)
            {
                row += Wanted(c, need[x], have[x]);
            }

            sum += row;
        }

        return sum;
    }

    /// <summary>The samples scale <paramref name="c"/> asks of a pixel with <paramref name="need"/> that has <paramref name="have"/>: min(cap, max(0, c·need − have)).</summary>
    private static float Wanted(float c, float need, float have) => MathF.Min(MaxPerRound, MathF.Max(0f, (c * need) - have));
}
