namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// The any-hit step: decides whether a candidate triangle hit counts (alpha-masked and blended
/// materials say no where the surface is absent). A struct generic argument, so the opaque case
/// (<see cref="AcceptAllHits"/>) costs nothing.
/// </summary>
internal interface IHitFilter
{
    /// <summary>True when the hit on <paramref name="primitive"/> at barycentrics (b1, b2) is kept.</summary>
    bool Accept(int primitive, float b1, float b2);
}
