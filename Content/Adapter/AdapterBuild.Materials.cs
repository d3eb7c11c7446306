using System.Numerics;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Elements;
using RendererSampler = OrleansBridge.Rendering.Scene.TextureSampler;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>Materials field by field, textures decoded once per element, the options' environment.</summary>
internal sealed partial class AdapterBuild
{
    private async Task<int?> MaterialIndexAsync(string name)
    {
        if (_materialByName.TryGetValue(name, out var known))
        {
            return known;
        }

        if (Resolve<MaterialElement>(name, "a material") is not { } m)
        {
            return null;
        }

        var data = new MaterialData
        {
            BaseColorFactor = m.BaseColorFactor is { Length: >= 4 } c ? new Vector4(c[0], c[1], c[2], c[3]) : Vector4.One,
            BaseColorTexture = await BindingAsync(m.BaseColorTexture, name),
            MetallicFactor = m.MetallicFactor,
            RoughnessFactor = m.RoughnessFactor,
            MetallicRoughnessTexture = await BindingAsync(m.MetallicRoughnessTexture, name),
            NormalTexture = await BindingAsync(m.NormalTexture, name),
            NormalScale = m.NormalScale,
            OcclusionTexture = await BindingAsync(m.OcclusionTexture, name),
            OcclusionStrength = m.OcclusionStrength,
            EmissiveFactor = m.EmissiveFactor is { Length: >= 3 } e ? new Vector3(e[0], e[1], e[2]) : Vector3.Zero,
            EmissiveTexture = await BindingAsync(m.EmissiveTexture, name),
            EmissiveStrength = m.EmissiveStrength,
            AlphaMode = m.AlphaMode switch
            {
                "mask" => AlphaMode.Mask,
                "blend" => AlphaMode.Blend,
                _ => AlphaMode.Opaque,
            },
            AlphaCutoff = m.AlphaCutoff,
            DoubleSided = m.DoubleSided,
            Ior = m.Ior ?? 1.5f,
            TransmissionFactor = m.Transmission?.Factor ?? 0f,
            TransmissionTexture = await BindingAsync(m.Transmission?.Texture, name),
            ThicknessFactor = m.Volume?.ThicknessFactor ?? 0f,
            AttenuationColor = m.Volume?.AttenuationColor is { Length: >= 3 } a ? new Vector3(a[0], a[1], a[2]) : Vector3.One,
            AttenuationDistance = m.Volume?.AttenuationDistance ?? float.PositiveInfinity,
            ClearcoatFactor = m.Clearcoat?.Factor ?? 0f,
            ClearcoatTexture = await BindingAsync(m.Clearcoat?.Texture, name),
            ClearcoatRoughnessFactor = m.Clearcoat?.RoughnessFactor ?? 0f,
            ClearcoatRoughnessTexture = await BindingAsync(m.Clearcoat?.RoughnessTexture, name),
            SpecularFactor = m.Specular?.Factor ?? 1f,
            SpecularTexture = await BindingAsync(m.Specular?.Texture, name),
            SpecularColorFactor = m.Specular?.ColorFactor is { Length: >= 3 } sc ? new Vector3(sc[0], sc[1], sc[2]) : Vector3.One,
            SpecularColorTexture = await BindingAsync(m.Specular?.ColorTexture, name),
            SheenColorFactor = m.Sheen?.ColorFactor is { Length: >= 3 } sh ? new Vector3(sh[0], sh[1], sh[2]) : Vector3.Zero,
            SheenColorTexture = await BindingAsync(m.Sheen?.ColorTexture, name),
            SheenRoughnessFactor = m.Sheen?.RoughnessFactor ?? 0f,
            SheenRoughnessTexture = await BindingAsync(m.Sheen?.RoughnessTexture, name),
        };
        if (Failed)
        {
            return null;
        }

        _materials.Add(data);
        _materialByName[name] = _materials.Count - 1;
        return _materials.Count - 1;
    }

    /// <summary>A texture slot with its KHR_texture_transform; null for an empty slot (or after a problem).</summary>
    private async Task<TextureBinding?> BindingAsync(TextureRef? reference, string material)
    {
        if (reference is null || Failed)
        {
            return null;
        }

        if (await TextureIndexAsync(reference.Texture, $"a texture of material '{material}'") is not { } index)
        {
            return null;
        }

        return new TextureBinding(index)
        {
            Offset = reference.Offset is { Length: >= 2 } o ? new Vector2(o[0], o[1]) : Vector2.Zero,
            Rotation = reference.Rotation,
            Scale = reference.Scale is { Length: >= 2 } s ? new Vector2(s[0], s[1]) : Vector2.One,
        };
    }

    private async Task<int?> TextureIndexAsync(string name, string usedAs)
    {
        if (_textureByName.TryGetValue(name, out var known))
        {
            return known;
        }

        if (await TextureAsync(name, usedAs) is not { } texture)
        {
            return null;
        }

        _textures.Add(texture);
        _textureByName[name] = _textures.Count - 1;
        return _textures.Count - 1;
    }

    /// <summary>Decodes a texture element: PNG/JPEG through the decoders, raw RGBA as stored.</summary>
    private async Task<TextureData?> TextureAsync(string name, string usedAs)
    {
        if (Resolve<TextureElement>(name, usedAs) is not { } texture)
        {
            return null;
        }

        if ((long)texture.Width * texture.Height > adapter.Limits.MaxTexturePixels || texture.Width < 1 || texture.Height < 1)
        {
            Fail(ErrorCode.RenderSceneTooLarge, $"Texture '{name}' is {texture.Width}x{texture.Height}; a render worker takes at most {adapter.Limits.MaxTexturePixels} pixels per texture.");
            return null;
        }

        if (await ReadBlobAsync(texture.Image, name, "image") is not { } bytes)
        {
            return null;
        }

        var sampler = new RendererSampler(Wrap(texture.Sampler.WrapS), Wrap(texture.Sampler.WrapT),
            texture.Sampler.MagFilter == "nearest" ? TextureFilter.Nearest : TextureFilter.Linear);
        var texels = (long)texture.Width * texture.Height * 4;
        switch (texture.Format)
        {
            case "rgba8" when bytes.Length == texels:
                return new TextureData { Width = texture.Width, Height = texture.Height, Rgba8 = bytes.ToArray(), Sampler = sampler };
            case "rgba32f" when bytes.Length == texels * 4:
                return new TextureData { Width = texture.Width, Height = texture.Height, RgbaFloat = MemoryMarshal.Cast<byte, float>(bytes.Span).ToArray(), Sampler = sampler };
            case "rgba8" or "rgba32f":
                Fail(ErrorCode.RenderTextureInvalid, $"Texture '{name}' ({texture.Format}, {texture.Width}x{texture.Height}) has {bytes.Length} bytes of pixels, not {(texture.Format == "rgba8" ? texels : texels * 4)}.");
                return null;
        }

        if (adapter.DecoderFor(texture.Format) is not { } decoder)
        {
            Fail(ErrorCode.RenderTextureInvalid, $"Texture '{name}' has format '{texture.Format}'; the renderer reads png, jpeg, webp, rgba8 and rgba32f.");
            return null;
        }

        var decoded = await decoder.DecodeAsync(bytes, texture.Width, texture.Height, cancellationToken);
        if (!decoded.Succeeded)
        {
            Fail(decoded.Error, $"Texture '{name}': {decoded.Message}");
            return null;
        }

        return new TextureData { Width = texture.Width, Height = texture.Height, Rgba8 = decoded.Image!.Rgba, Sampler = sampler };
    }

    /// <summary>The options element as the renderer's environment: constant colour × intensity, or the texture; null for black.</summary>
    public async Task<EnvironmentData?> EnvironmentAsync(OptionsElement options)
    {
        TextureData? map = null;
        if (options.EnvironmentTexture is { } textureName && (map = await TextureAsync(textureName, "the environment texture")) is null)
        {
            return null;
        }

        var color = options.EnvironmentColor is { Length: >= 3 } c ? new Vector3(c[0], c[1], c[2]) : Vector3.Zero;
        Vector3? background = options.Background is { Length: >= 3 } b ? new Vector3(b[0], b[1], b[2]) : null;
        if (map is null && background is null && (color == Vector3.Zero || options.EnvironmentIntensity <= 0f))
        {
            return null;
        }

        // A map is the radiance itself (× intensity); the colour applies to the constant environment.
        return new EnvironmentData
        {
            Color = map is null ? color : Vector3.One,
            Intensity = options.EnvironmentIntensity,
            Map = map,
            Background = background,
        };
    }

    private static TextureWrap Wrap(string wrap) => wrap switch
    {
        "clamp" => TextureWrap.ClampToEdge,
        "mirror" => TextureWrap.MirroredRepeat,
        _ => TextureWrap.Repeat,
    };
}
