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
    public readonly float Transmission;
    public readonly TextureSlot TransmissionTexture;
    public readonly float Ior;
    public readonly bool ThinWalled;

    /// <summary>Absorption coefficient σa = −ln(attenuationColor) / attenuationDistance, per channel (KHR_materials_volume).</summary>
    public readonly Vector3 Absorption;
    public readonly float Clearcoat;
    public readonly TextureSlot ClearcoatTexture;
    public readonly float ClearcoatRoughness;
    public readonly TextureSlot ClearcoatRoughnessTexture;
    public readonly float Specular;
    public readonly TextureSlot SpecularTexture;
    public readonly Vector3 SpecularColor;
    public readonly TextureSlot SpecularColorTexture;
    public readonly Vector3 SheenColor;
    public readonly TextureSlot SheenColorTexture;
    public readonly float SheenRoughness;
    public readonly TextureSlot SheenRoughnessTexture;

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
        Transmission = material.TransmissionFactor;
        TransmissionTexture = new TextureSlot(material.TransmissionTexture);
        Ior = material.Ior;
        ThinWalled = !(material.ThicknessFactor > 0f);
        Absorption = ThinWalled || float.IsPositiveInfinity(material.AttenuationDistance)
            ? Vector3.Zero
            : new Vector3(Sigma(material.AttenuationColor.X), Sigma(material.AttenuationColor.Y), Sigma(material.AttenuationColor.Z)) / material.AttenuationDistance;
        Clearcoat = material.ClearcoatFactor;
        ClearcoatTexture = new TextureSlot(material.ClearcoatTexture);
        ClearcoatRoughness = material.ClearcoatRoughnessFactor;
        ClearcoatRoughnessTexture = new TextureSlot(material.ClearcoatRoughnessTexture);
        Specular = material.SpecularFactor;
        SpecularTexture = new TextureSlot(material.SpecularTexture);
        SpecularColor = material.SpecularColorFactor;
        SpecularColorTexture = new TextureSlot(material.SpecularColorTexture);
        SheenColor = material.SheenColorFactor;
        SheenColorTexture = new TextureSlot(material.SheenColorTexture);
        SheenRoughness = material.SheenRoughnessFactor;
        SheenRoughnessTexture = new TextureSlot(material.SheenRoughnessTexture);
    }

    /// <summary>−ln(c): a colour of 0 absorbs everything within a finite, large coefficient (no infinities in the integrator).</summary>
    private static float Sigma(float color) => -MathF.Log(Math.Clamp(color, 1e-6f, 1f));

    /// <summary>True when the material emits light.</summary>
    public bool IsEmissive => Emission != Vector3.Zero;

    /// <summary>True when hits must be checked against alpha (masked or blended).</summary>
    public bool IsAlphaTested => AlphaMode != AlphaMode.Opaque;
}
