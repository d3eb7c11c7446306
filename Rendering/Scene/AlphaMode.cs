namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// glTF alphaMode. The alpha value is base-colour factor alpha times base-colour texture alpha.
/// </summary>
/// <remarks>
/// The path tracer treats alpha as coverage, decided per candidate hit during traversal (the "any-hit"
/// step of a GPU ray tracer): <see cref="Mask"/> skips hits whose alpha is below the cutoff;
/// <see cref="Blend"/> keeps a hit with probability alpha (stochastic transparency, decided by a hash of
/// the ray and the triangle so that it stays deterministic), which converges to alpha blending.
/// </remarks>
public enum AlphaMode
{
    /// <summary>Alpha is ignored; the surface is fully opaque.</summary>
    Opaque,

    /// <summary>Opaque where alpha ≥ cutoff, absent elsewhere.</summary>
    Mask,

    /// <summary>Partial coverage: alpha is the probability that a ray stops on the surface.</summary>
    Blend,
}
