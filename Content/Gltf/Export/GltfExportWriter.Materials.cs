using System.Numerics;
using OrleansBridge.Scene.Elements;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;

namespace OrleansBridge.Scene.Gltf;

/// <summary>Materials, textures, images and samplers.</summary>
internal sealed partial class GltfExportWriter
{
    private Material MaterialOf(string name, string usedBy)
    {
        if (_materials.TryGetValue(name, out var done))
        {
            return done;
        }

        var element = Resolve<MaterialElement>(name, usedBy);
        var material = _model.CreateMaterial(LocalName(name, "material"));
        material.InitializePBRMetallicRoughness(ExtensionsOf(element));
        material.Alpha = element.AlphaMode switch
        {
            "mask" => AlphaMode.MASK,
            "blend" => AlphaMode.BLEND,
            _ => AlphaMode.OPAQUE,
        };
        if (element.AlphaMode == "mask")
        {
            material.AlphaCutoff = element.AlphaCutoff;
        }

        material.DoubleSided = element.DoubleSided;
        var baseColor = material.FindChannel("BaseColor")!.Value;
        if (element.BaseColorFactor is { Length: 4 } c)
        {
            baseColor.Color = new Vector4(c[0], c[1], c[2], c[3]);
        }

        SetTexture(baseColor, element.BaseColorTexture, name);
        var metallicRoughness = material.FindChannel("MetallicRoughness")!.Value;
        metallicRoughness.SetFactor("MetallicFactor", element.MetallicFactor);
        metallicRoughness.SetFactor("RoughnessFactor", element.RoughnessFactor);
        SetTexture(metallicRoughness, element.MetallicRoughnessTexture, name);
        if (element.NormalTexture is not null)
        {
            SetChannel(material, "Normal", "NormalScale", element.NormalScale, element.NormalTexture, name);
        }

        if (element.OcclusionTexture is not null)
        {
            SetChannel(material, "Occlusion", "OcclusionStrength", element.OcclusionStrength, element.OcclusionTexture, name);
        }

        var emissive = material.FindChannel("Emissive")!.Value;
        SetRgb(emissive, element.EmissiveFactor);

        // KHR_materials_emissive_strength: SharpGLTF writes the extension when the strength is not 1.
        emissive.SetFactor("EmissiveStrength", element.EmissiveStrength);
        SetTexture(emissive, element.EmissiveTexture, name);
        WriteExtensions(material, element, name);
        _materials[name] = material;
        return material;
    }

    /// <summary>SharpGLTF's names of the extensions <paramref name="element"/> uses (KHR_materials_ior is a property instead).</summary>
    private static string[] ExtensionsOf(MaterialElement element) =>
    [
        .. element.Transmission is null ? [] : new[] { "Transmission" },
        .. element.Volume is null ? [] : new[] { "Volume" },
        .. element.Clearcoat is null ? [] : new[] { "ClearCoat" },
        .. element.Specular is null ? [] : new[] { "Specular" },
        .. element.Sheen is null ? [] : new[] { "Sheen" },
    ];

    /// <summary>KHR_materials_ior, _transmission, _volume, _clearcoat, _specular and _sheen; SharpGLTF omits values equal to the defaults.</summary>
    private void WriteExtensions(Material material, MaterialElement element, string name)
    {
        if (element.Ior is { } ior)
        {
            material.IndexOfRefraction = ior;
        }

        if (element.Transmission is { } transmission)
        {
            SetChannel(material, "Transmission", "TransmissionFactor", transmission.Factor, transmission.Texture, name);
        }

        if (element.Volume is { } volume)
        {
            SetChannel(material, "VolumeThickness", "ThicknessFactor", volume.ThicknessFactor, volume.ThicknessTexture, name);
            var attenuation = material.FindChannel("VolumeAttenuation")!.Value;
            SetRgb(attenuation, volume.AttenuationColor);

            if (volume.AttenuationDistance is { } distance)
            {
                attenuation.SetFactor("AttenuationDistance", distance);
            }
        }

        if (element.Clearcoat is { } clearcoat)
        {
            SetChannel(material, "ClearCoat", "ClearCoatFactor", clearcoat.Factor, clearcoat.Texture, name);
            SetChannel(material, "ClearCoatRoughness", "RoughnessFactor", clearcoat.RoughnessFactor, clearcoat.RoughnessTexture, name);
            if (clearcoat.NormalTexture is not null)
            {
                SetChannel(material, "ClearCoatNormal", "NormalScale", clearcoat.NormalScale, clearcoat.NormalTexture, name);
            }
        }

        if (element.Specular is { } specular)
        {
            SetChannel(material, "SpecularFactor", "SpecularFactor", specular.Factor, specular.Texture, name);
            var color = material.FindChannel("SpecularColor")!.Value;
            SetRgb(color, specular.ColorFactor);
            SetTexture(color, specular.ColorTexture, name);
        }

        if (element.Sheen is { } sheen)
        {
            var color = material.FindChannel("SheenColor")!.Value;
            SetRgb(color, sheen.ColorFactor);
            SetTexture(color, sheen.ColorTexture, name);
            SetChannel(material, "SheenRoughness", "RoughnessFactor", sheen.RoughnessFactor, sheen.RoughnessTexture, name);
        }
    }

    /// <summary>The channel <paramref name="channel"/> of <paramref name="material"/>: its factor, and its texture when there is one.</summary>
    private void SetChannel(Material material, string channel, string factor, float value, TextureRef? texture, string name)
    {
        var found = material.FindChannel(channel)!.Value;
        found.SetFactor(factor, value);
        SetTexture(found, texture, name);
    }

    /// <summary>An RGB factor as the channel's colour (alpha 1); an absent factor leaves glTF's default.</summary>
    private static void SetRgb(MaterialChannel channel, float[]? rgb)
    {
        if (rgb is { Length: 3 } c)
        {
            channel.Color = new Vector4(c[0], c[1], c[2], 1);
        }
    }

    private void SetTexture(MaterialChannel channel, TextureRef? reference, string material)
    {
        if (reference is null)
        {
            return;
        }

        channel.SetTexture(0, TextureOf(reference.Texture, material));
        if (reference.Offset is not null || reference.Scale is not null || reference.Rotation != 0)
        {
            var offset = reference.Offset is { Length: 2 } o ? new Vector2(o[0], o[1]) : Vector2.Zero;
            var scale = reference.Scale is { Length: 2 } s ? new Vector2(s[0], s[1]) : Vector2.One;
            channel.SetTransform(offset, scale, reference.Rotation);
        }
    }

    private Texture TextureOf(string name, string usedBy)
    {
        if (_textures.TryGetValue(name, out var done))
        {
            return done;
        }

        var element = Resolve<TextureElement>(name, usedBy);
        if (element.Format is not ("png" or "jpeg" or "webp"))
        {
            throw new GltfFormatException(ErrorCode.GltfImageInvalid, $"Texture '{name}' holds raw {element.Format} pixels; glTF carries PNG, JPEG or WebP images.");
        }

        var image = _model.UseImage(new MemoryImage(Bytes(element.Image, name).ToArray()));
        image.Name = LocalName(name, "texture");
        var sampler = _model.UseTextureSampler(
            Wrap(element.Sampler.WrapS), Wrap(element.Sampler.WrapT),
            element.Sampler.MinFilter == "nearest" ? TextureMipMapFilter.NEAREST : TextureMipMapFilter.LINEAR,
            element.Sampler.MagFilter == "nearest" ? TextureInterpolationFilter.NEAREST : TextureInterpolationFilter.LINEAR);
        var texture = _model.UseTexture(image, sampler);
        texture.Name = LocalName(name, "texture");
        _textures[name] = texture;
        return texture;
    }

    private static TextureWrapMode Wrap(string wrap) => wrap switch
    {
        "clamp" => TextureWrapMode.CLAMP_TO_EDGE,
        "mirror" => TextureWrapMode.MIRRORED_REPEAT,
        _ => TextureWrapMode.REPEAT,
    };
}
