namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// How next-event estimation picks a light. The product uses <see cref="Importance"/>; the others exist
/// so tests can show what it buys (every strategy converges to the same image).
/// </summary>
internal enum LightSelection
{
    /// <summary>By each light's estimated contribution at the shading point (<see cref="LightTree"/>).</summary>
    Importance,

    /// <summary>By emitted power alone, the same everywhere (pbrt's PowerLightSampler).</summary>
    Power,

    /// <summary>Every light equally likely.</summary>
    Uniform,
}
