namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Cycles' two firefly controls, both biased on purpose; 0 turns each off. <see cref="ClampDirect"/>
/// and <see cref="ClampIndirect"/> bound each contribution a path adds to its pixel, by the sum of its
/// RGB components, scaling all three by one factor (Cycles' <c>kernel_accum_clamp</c>): direct for light
/// scattered at most once (emission seen by the camera; at the first hit, its next-event estimate and the
/// emitter or environment its BSDF sample reaches, as Cycles counts them), indirect for the rest. <see cref="FilterGlossy"/> is Cycles' "Filter Glossy": once a path has
/// taken a sample of density p &lt; FilterGlossy (a diffuse or rough bounce), later surfaces get a GGX α
/// of at least ½·√(1 − p/FilterGlossy), with p the smallest density on the path so far.
/// </summary>
/// <param name="ClampDirect">Limit on a direct contribution (Cycles' <c>sample_clamp_direct</c>, default 0).</param>
/// <param name="ClampIndirect">Limit on an indirect contribution (Cycles' <c>sample_clamp_indirect</c>, default 10).</param>
/// <param name="FilterGlossy">Blur after blurry bounces (Cycles' <c>blur_glossy</c>, default 1).</param>
public readonly record struct FireflyFilter(float ClampDirect, float ClampIndirect, float FilterGlossy)
{
    /// <summary>No clamp and no blur: the unbiased estimator.</summary>
    public static FireflyFilter None => default;

    /// <summary>Cycles' defaults: no direct clamp, indirect clamp 10, glossy filter 1.</summary>
    public static FireflyFilter CyclesDefaults => new(0f, 10f, 1f);

    /// <summary>
    /// These settings with each non-null argument in place of its field: a request's overrides on top of
    /// the server's defaults (docs/protocol.md, <c>render.still</c> and video settings).
    /// </summary>
    public FireflyFilter With(float? clampDirect, float? clampIndirect, float? filterGlossy) =>
        new(clampDirect ?? ClampDirect, clampIndirect ?? ClampIndirect, filterGlossy ?? FilterGlossy);

    /// <summary>
    /// The refusal of a clamp or glossy filter value that arrived as the wire field <paramref name="field"/>,
    /// a message a person can act on; null when the value is usable (finite, ≥ 0).
    /// </summary>
    public static string? Refusal(string field, float? value) =>
        value is not { } v || (float.IsFinite(v) && v >= 0f) ? null : $"{field} is {v}; it must be a finite number ≥ 0 (0 turns it off).";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for negative or non-finite values.</summary>
    public void Validate()
    {
        foreach (var (value, name) in new[] { (ClampDirect, nameof(ClampDirect)), (ClampIndirect, nameof(ClampIndirect)), (FilterGlossy, nameof(FilterGlossy)) })
        {
            if (!(value >= 0f) || float.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "Use 0 (off) or a positive finite value.");
            }
        }
    }
}
