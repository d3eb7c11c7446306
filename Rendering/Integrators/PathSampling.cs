namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Which strategies the path tracer combines for light from area emitters and the environment. The
/// product uses <see cref="MultipleImportance"/>; the single-strategy variants converge to the same
/// image more slowly and exist so tests can check that all three agree (a wrong density or MIS weight
/// shows up as a statistically significant difference). Delta lights are always sampled directly.
/// </summary>
internal enum PathSampling
{
    /// <summary>Light sampling and BSDF sampling, power-heuristic weights.</summary>
    MultipleImportance,

    /// <summary>Only BSDF sampling reaches area lights and the environment.</summary>
    BsdfOnly,

    /// <summary>Only next-event estimation reaches area lights and the environment (after the camera ray).</summary>
    LightOnly,
}
