namespace OrleansBridge.Scene.Elements;

/// <summary>
/// A glTF perspective camera: it looks down its instance's −Z axis with +Y up. An aperture turns it
/// into a thin-lens camera focused at <see cref="FocusDistance"/>.
/// </summary>
/// <param name="YFov">Vertical field of view in radians, in (0, π).</param>
/// <param name="AspectRatio">Width over height, or null to follow the render's size.</param>
/// <param name="ZNear">Near plane, positive.</param>
/// <param name="ZFar">Far plane, or null for infinite.</param>
/// <param name="Aperture">Lens diameter in scene units; 0 for a pinhole.</param>
/// <param name="FocusDistance">Distance in focus, positive when <paramref name="Aperture"/> is.</param>
public sealed record CameraElement(
    float YFov,
    float? AspectRatio = null,
    float ZNear = 0.01f,
    float? ZFar = null,
    float Aperture = 0,
    float FocusDistance = 1) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "camera";
}
