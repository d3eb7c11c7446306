using System.Numerics;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Shading;

/// <summary>
/// A material as shading reads it: <see cref="MaterialData"/> flattened into a struct, texture slots as
/// indices (-1 for none) and the emission pre-multiplied by its strength.
/// </summary>
internal readonly struct MaterialRecord
{
    public readonly Vector4 BaseColorFactor;
    public readonly int BaseColorTexture;
    public readonly float Metallic;
    public readonly float Roughness;
    public readonly int MetallicRoughnessTexture;
    public readonly int NormalTexture;
    public readonly float NormalScale;
    public readonly int OcclusionTexture;
    public readonly float OcclusionStrength;
    public readonly Vector3 Emission;
    public readonly int EmissiveTexture;
    public readonly AlphaMode AlphaMode;
    public readonly float AlphaCutoff;
    public readonly bool DoubleSided;

    /// <summary>Flattens <paramref name="material"/>.</summary>
    public MaterialRecord(MaterialData material)
    {
        BaseColorFactor = material.BaseColorFactor;
        BaseColorTexture = material.BaseColorTexture ?? -1;
        Metallic = material.MetallicFactor;
        Roughness = material.RoughnessFactor;
        MetallicRoughnessTexture = material.MetallicRoughnessTexture ?? -1;
        NormalTexture = material.NormalTexture ?? -1;
        NormalScale = material.NormalScale;
        OcclusionTexture = material.OcclusionTexture ?? -1;
        OcclusionStrength = material.OcclusionStrength;
        Emission = material.IsEmissive ? material.EmissiveFactor * material.EmissiveStrength : Vector3.Zero;
        EmissiveTexture = material.EmissiveTexture ?? -1;
        AlphaMode = material.AlphaMode;
        AlphaCutoff = material.AlphaCutoff;
        DoubleSided = material.DoubleSided;
    }

    /// <summary>True when the material emits light.</summary>
    public bool IsEmissive => Emission != Vector3.Zero;

    /// <summary>True when hits must be checked against alpha (masked or blended).</summary>
    public bool IsAlphaTested => AlphaMode != AlphaMode.Opaque;
}
