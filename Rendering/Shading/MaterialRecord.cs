using System.Numerics;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Shading;

/// <summary>
/// A material as shading reads it: <see cref="MaterialData"/> flattened into a struct, texture slots with
/// their transforms folded (<see cref="TextureSlot"/>) and the emission pre-multiplied by its strength.
/// </summary>
internal readonly struct MaterialRecord
{
    public readonly Vector4 BaseColorFactor;
    public readonly TextureSlot BaseColorTexture;
    public readonly float Metallic;
    public readonly float Roughness;
    public readonly TextureSlot MetallicRoughnessTexture;
    public readonly TextureSlot NormalTexture;
    public readonly float NormalScale;
    public readonly TextureSlot OcclusionTexture;
    public readonly float OcclusionStrength;
    public readonly Vector3 Emission;
    public readonly TextureSlot EmissiveTexture;
    public readonly AlphaMode AlphaMode;
    public readonly float AlphaCutoff;
    public readonly bool DoubleSided;

    /// <summary>Flattens <paramref name="material"/>.</summary>
    public MaterialRecord(MaterialData material)
    {
        BaseColorFactor = material.BaseColorFactor;
        BaseColorTexture = new TextureSlot(material.BaseColorTexture);
        Metallic = material.MetallicFactor;
        Roughness = material.RoughnessFactor;
        MetallicRoughnessTexture = new TextureSlot(material.MetallicRoughnessTexture);
        NormalTexture = new TextureSlot(material.NormalTexture);
        NormalScale = material.NormalScale;
        OcclusionTexture = new TextureSlot(material.OcclusionTexture);
        OcclusionStrength = material.OcclusionStrength;
        Emission = material.IsEmissive ? material.EmissiveFactor * material.EmissiveStrength : Vector3.Zero;
        EmissiveTexture = new TextureSlot(material.EmissiveTexture);
        AlphaMode = material.AlphaMode;
        AlphaCutoff = material.AlphaCutoff;
        DoubleSided = material.DoubleSided;
    }

    /// <summary>True when the material emits light.</summary>
    public bool IsEmissive => Emission != Vector3.Zero;

    /// <summary>True when hits must be checked against alpha (masked or blended).</summary>
    public bool IsAlphaTested => AlphaMode != AlphaMode.Opaque;
}
