namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The hit filter of opaque materials: every candidate hit counts. As a struct generic argument its
/// <see cref="Accept"/> inlines to a constant, so opaque geometry pays nothing for alpha support.
/// </summary>
internal readonly struct AcceptAllHits : IHitFilter
{
    /// <inheritdoc />
    public bool Accept(int primitive, float b1, float b2) => true;
}
