namespace OrleansBridge.Scene.Elements;

/// <summary>How a scene is lit by its surroundings and turned into pixels.</summary>
/// <param name="EnvironmentColor">Linear RGB radiance of a constant environment, each at least 0; null for black.</param>
/// <param name="EnvironmentIntensity">Multiplies the environment; at least 0.</param>
/// <param name="EnvironmentTexture">An equirectangular environment texture element's name, or null for the constant colour.</param>
/// <param name="Background">Linear RGB seen where rays escape, or null to see the environment.</param>
/// <param name="ToneMapping"><c>standard</c> (clamp + sRGB) or <c>aces</c>.</param>
/// <param name="Exposure">Exposure in stops.</param>
/// <param name="SamplesPerPixel">Samples per pixel a render aims for unless a request says otherwise; at least 1.</param>
public sealed record OptionsElement(
    float[]? EnvironmentColor = null,
    float EnvironmentIntensity = 1,
    string? EnvironmentTexture = null,
    float[]? Background = null,
    string ToneMapping = "standard",
    float Exposure = 0,
    int SamplesPerPixel = 64) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "options";
}
