namespace OrleansBridge.Rendering.Sampling;

/// <summary>
/// The pixel filter, by filter importance sampling (Ernst et al. 2006), as Cycles does: a camera sample's
/// offset from the pixel centre is drawn along x and along y from the filter's profile, so every sample
/// keeps the weight 1 and the film stays a plain average per pixel. The filter is Blackman–Harris of a
/// width w in pixels as Blender means it (<c>filter_width</c>): the window spans 2w, w either side of
/// the centre, and its standard deviation is 0.277·w (0.416 pixels at Cycles' default 1.5, where the box
/// over one pixel has 0.289). Width 0 is that box. A wider footprint than the box removes the stair-steps
/// of high-contrast edges and matches Cycles' images; it softens the image slightly.
/// </summary>
public static class PixelFilter
{
    /// <summary>Blender's default width, 1.5 pixels.</summary>
    public const float CyclesDefault = 1.5f;

    /// <summary>The widest filter taken (Blender's limit): 10 pixels.</summary>
    public const float MaxWidth = 10f;

    /// <summary>Entries of <see cref="Table"/>.</summary>
    public const int TableSize = 1024;

    private static readonly float[] InverseCdf = BuildTable();

    /// <summary>
    /// The unit window's inverse CDF: the offset, in window widths from the centre (−½ to ½), below which a
    /// share i / (<see cref="TableSize"/> − 1) of the filter's weight lies. The GPU kernel reads a copy.
    /// </summary>
    public static ReadOnlySpan<float> Table => InverseCdf;

    /// <summary>
    /// The offset from the pixel centre, in pixels, of a sample with uniform <paramref name="u"/> in [0, 1)
    /// for a filter <paramref name="width"/> pixels wide (0: the box, u − ½). Monotone in u, so stratified
    /// uniforms stay stratified over the filter's weight.
    /// </summary>
    public static float Offset(float u, float width)
    {
        if (width <= 0f)
        {
            return u - 0.5f;
        }

        var f = u * (TableSize - 1);
        var i = Math.Min((int)f, TableSize - 2);
        var t = f - i;
        return (InverseCdf[i] + (t * (InverseCdf[i + 1] - InverseCdf[i]))) * (2f * width);
    }

    /// <summary>
    /// The refusal of a width that arrived as the wire field <paramref name="field"/>, a message a person can
    /// act on; null when the value is absent or usable (0 to <see cref="MaxWidth"/>).
    /// </summary>
    public static string? Refusal(string field, float? value) =>
        value is not { } v || IsValid(v) ? null : $"{field} is {v}; it must be a width in pixels from 0 (the box over the pixel) to {MaxWidth}.";

    /// <summary>Whether <paramref name="width"/> is a usable filter width.</summary>
    public static bool IsValid(float width) => width is >= 0f and <= MaxWidth;

    /// <summary>Blackman–Harris (Cycles' four terms) on [0, 1], its CDF by the midpoint rule, inverted on a uniform grid.</summary>
    private static float[] BuildTable()
    {
        const int Steps = 1 << 14;
        var cdf = new double[Steps + 1];
        for (var i = 0; i < Steps; i++)
        {
            var x = 2.0 * Math.PI * (i + 0.5) / Steps;
            cdf[i + 1] = cdf[i] + 0.35875 - (0.48829 * Math.Cos(x)) + (0.14128 * Math.Cos(2.0 * x)) - (0.01168 * Math.Cos(3.0 * x));
        }

        var table = new float[TableSize];
        var step = 0;
        for (var i = 0; i < TableSize; i++)
        {
            var target = cdf[Steps] * i / (TableSize - 1);
            while (step < Steps - 1 && cdf[step + 1] < target)
            {
                step++;
            }

            var within = Math.Clamp((target - cdf[step]) / (cdf[step + 1] - cdf[step]), 0.0, 1.0);
            table[i] = (float)(((step + within) / Steps) - 0.5);
        }

        // Exactly symmetric, so the filter has no sub-pixel shift.
        for (var i = 0; i < TableSize / 2; i++)
        {
            var half = 0.5f * (table[TableSize - 1 - i] - table[i]);
            table[i] = -half;
            table[TableSize - 1 - i] = half;
        }

        return table;
    }
}
