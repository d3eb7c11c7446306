using System.Numerics;

namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// glTF 2.0 metallic-roughness material, plus KHR_materials_emissive_strength, _transmission, _ior,
/// _volume, _clearcoat, _specular and _sheen (docs/rendering.md, "Materials"). Texture slots bind
/// textures of <see cref="SceneDescription.Textures"/> with an optional KHR_texture_transform; all of
/// them read TEXCOORD_0. Defaults are glTF's.
/// </summary>
public sealed record MaterialData
{
    /// <summary>Linear RGBA multiplier of the base colour; alpha is coverage.</summary>
    public Vector4 BaseColorFactor { get; init; } = Vector4.One;

    /// <summary>sRGB-encoded base colour (RGB) and linear alpha (A).</summary>
    public TextureBinding? BaseColorTexture { get; init; }

    /// <summary>Metalness in [0, 1].</summary>
    public float MetallicFactor { get; init; } = 1f;

    /// <summary>Perceptual roughness in [0, 1]; the GGX α is its square.</summary>
    public float RoughnessFactor { get; init; } = 1f;

    /// <summary>Linear texture: G = roughness, B = metalness (multiplied by the factors).</summary>
    public TextureBinding? MetallicRoughnessTexture { get; init; }

    /// <summary>Tangent-space normal map (linear, +Y up as glTF specifies).</summary>
    public TextureBinding? NormalTexture { get; init; }

    /// <summary>normalTexture.scale: multiplies the X and Y of the sampled normal.</summary>
    public float NormalScale { get; init; } = 1f;

    /// <summary>Linear ambient occlusion in R; applied to environment light only (see docs/rendering.md).</summary>
    public TextureBinding? OcclusionTexture { get; init; }

    /// <summary>occlusionTexture.strength: 0 disables, 1 applies the texture fully.</summary>
    public float OcclusionStrength { get; init; } = 1f;

    /// <summary>Linear emitted radiance factor (W·sr⁻¹·m⁻² in the renderer's units, see docs).</summary>
    public Vector3 EmissiveFactor { get; init; } = Vector3.Zero;

    /// <summary>sRGB-encoded emissive texture (multiplied by the factor).</summary>
    public TextureBinding? EmissiveTexture { get; init; }

    /// <summary>KHR_materials_emissive_strength: scalar multiplier of the emission.</summary>
    public float EmissiveStrength { get; init; } = 1f;

    /// <summary>How alpha is interpreted.</summary>
    public AlphaMode AlphaMode { get; init; } = AlphaMode.Opaque;

    /// <summary>Cutoff for <see cref="AlphaMode.Mask"/>.</summary>
    public float AlphaCutoff { get; init; } = 0.5f;

    /// <summary>Whether back faces emit too. Both sides always reflect (closed meshes are unaffected).</summary>
    public bool DoubleSided { get; init; }

    /// <summary>KHR_materials_transmission: share of the dielectric part's light that passes the surface, in [0, 1].</summary>
    public float TransmissionFactor { get; init; }

    /// <summary>Linear texture: R multiplies <see cref="TransmissionFactor"/>.</summary>
    public TextureBinding? TransmissionTexture { get; init; }

    /// <summary>KHR_materials_ior: the dielectric's index of refraction (at least 1).</summary>
    public float Ior { get; init; } = 1.5f;

    /// <summary>
    /// KHR_materials_volume thickness factor: above 0 the mesh encloses a medium that refracts and
    /// absorbs; 0 is thin-walled (transmitted light keeps its direction). The path tracer measures
    /// distances in the medium from the geometry, so the thickness texture has no use here.
    /// </summary>
    public float ThicknessFactor { get; init; }

    /// <summary>KHR_materials_volume: colour white light takes after <see cref="AttenuationDistance"/> in the medium.</summary>
    public Vector3 AttenuationColor { get; init; } = Vector3.One;

    /// <summary>KHR_materials_volume: distance for <see cref="AttenuationColor"/>; infinity means no absorption.</summary>
    public float AttenuationDistance { get; init; } = float.PositiveInfinity;

    /// <summary>KHR_materials_clearcoat: coat strength in [0, 1].</summary>
    public float ClearcoatFactor { get; init; }

    /// <summary>Linear texture: R multiplies <see cref="ClearcoatFactor"/>.</summary>
    public TextureBinding? ClearcoatTexture { get; init; }

    /// <summary>KHR_materials_clearcoat: the coat's perceptual roughness in [0, 1].</summary>
    public float ClearcoatRoughnessFactor { get; init; }

    /// <summary>Linear texture: G multiplies <see cref="ClearcoatRoughnessFactor"/>.</summary>
    public TextureBinding? ClearcoatRoughnessTexture { get; init; }

    /// <summary>KHR_materials_specular: strength of the dielectric specular reflection, in [0, 1].</summary>
    public float SpecularFactor { get; init; } = 1f;

    /// <summary>Linear texture: A multiplies <see cref="SpecularFactor"/>.</summary>
    public TextureBinding? SpecularTexture { get; init; }

    /// <summary>KHR_materials_specular: linear colour multiplying the dielectric F0 (each at least 0).</summary>
    public Vector3 SpecularColorFactor { get; init; } = Vector3.One;

    /// <summary>sRGB texture: RGB multiplies <see cref="SpecularColorFactor"/>.</summary>
    public TextureBinding? SpecularColorTexture { get; init; }

    /// <summary>KHR_materials_sheen: linear sheen colour in [0, 1]; black is no sheen.</summary>
    public Vector3 SheenColorFactor { get; init; }

    /// <summary>sRGB texture: RGB multiplies <see cref="SheenColorFactor"/>.</summary>
    public TextureBinding? SheenColorTexture { get; init; }

    /// <summary>KHR_materials_sheen: the sheen's perceptual roughness in [0, 1].</summary>
    public float SheenRoughnessFactor { get; init; }

    /// <summary>Linear texture: A multiplies <see cref="SheenRoughnessFactor"/>.</summary>
    public TextureBinding? SheenRoughnessTexture { get; init; }

    /// <summary>True when this material emits at all.</summary>
    public bool IsEmissive => EmissiveStrength > 0f && (EmissiveFactor.X > 0f || EmissiveFactor.Y > 0f || EmissiveFactor.Z > 0f);
}
