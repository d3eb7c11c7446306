namespace OrleansBridge.Scene.Elements;

/// <summary>
/// A KHR_lights_punctual light in glTF's photometric units: candela for point and spot lights, lux
/// for directional lights. It shines from its instance's origin down the instance's −Z axis.
/// </summary>
/// <param name="LightType"><c>point</c>, <c>spot</c> or <c>directional</c>.</param>
/// <param name="Color">Linear RGB, each in [0, 1].</param>
/// <param name="Intensity">Candela (point, spot) or lux (directional); at least 0.</param>
/// <param name="Range">Distance cut-off, or null for none.</param>
/// <param name="InnerConeAngle">Spot only: radians, 0 ≤ inner &lt; outer.</param>
/// <param name="OuterConeAngle">Spot only: radians, inner &lt; outer ≤ π/2.</param>
public sealed record LightElement(
    string LightType,
    float[] Color,
    float Intensity,
    float? Range = null,
    float InnerConeAngle = 0,
    float OuterConeAngle = MathF.PI / 4) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "light";
}
