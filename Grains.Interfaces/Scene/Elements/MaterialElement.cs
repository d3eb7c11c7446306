namespace OrleansBridge.Scene.Elements;

/// <summary>
/// A glTF 2.0 metallic-roughness material, with KHR_materials_emissive_strength. Factors multiply
/// their textures, as in glTF; colours are linear.
/// </summary>
public sealed record MaterialElement : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "material";

    /// <summary>Linear RGBA base colour, each in [0, 1].</summary>
    public float[] BaseColorFactor { get; init; } = [1, 1, 1, 1];

    public TextureRef? BaseColorTexture { get; init; }

    /// <summary>In [0, 1].</summary>
    public float MetallicFactor { get; init; } = 1;

    /// <summary>In [0, 1].</summary>
    public float RoughnessFactor { get; init; } = 1;

    /// <summary>Blue channel metallic, green channel roughness.</summary>
    public TextureRef? MetallicRoughnessTexture { get; init; }

    public TextureRef? NormalTexture { get; init; }

    public float NormalScale { get; init; } = 1;

    public TextureRef? OcclusionTexture { get; init; }

    /// <summary>In [0, 1].</summary>
    public float OcclusionStrength { get; init; } = 1;

    /// <summary>Linear RGB, each in [0, 1].</summary>
    public float[] EmissiveFactor { get; init; } = [0, 0, 0];

    public TextureRef? EmissiveTexture { get; init; }

    /// <summary>KHR_materials_emissive_strength; at least 0.</summary>
    public float EmissiveStrength { get; init; } = 1;

    /// <summary><c>opaque</c>, <c>mask</c> or <c>blend</c>.</summary>
    public string AlphaMode { get; init; } = "opaque";

    /// <summary>For <c>mask</c>: texels with alpha below are cut away.</summary>
    public float AlphaCutoff { get; init; } = 0.5f;

    public bool DoubleSided { get; init; }
}
