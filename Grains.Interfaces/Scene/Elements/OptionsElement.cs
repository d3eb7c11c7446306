namespace OrleansBridge.Scene.Elements;

/// <summary>How a scene is lit by its surroundings and turned into pixels.</summary>
public sealed record OptionsElement : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "options";

    /// <summary>Linear RGB radiance of a constant environment, each at least 0.</summary>
    public float[] EnvironmentColor { get; init; } = [0, 0, 0];

    /// <summary>Multiplies the environment; at least 0.</summary>
    public float EnvironmentIntensity { get; init; } = 1;

    /// <summary>An equirectangular environment texture element's name, or null for the constant colour.</summary>
    public string? EnvironmentTexture { get; init; }

    /// <summary>Linear RGB seen where rays escape, or null to see the environment.</summary>
    public float[]? Background { get; init; }

    /// <summary><c>standard</c> (clamp + sRGB) or <c>aces</c>.</summary>
    public string ToneMapping { get; init; } = "standard";

    /// <summary>Exposure in stops.</summary>
    public float Exposure { get; init; }

    /// <summary>Samples per pixel a render aims for unless a request says otherwise; at least 1.</summary>
    public int SamplesPerPixel { get; init; } = 64;
}
