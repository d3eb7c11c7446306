using System.Text.Json;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// The PBR material extensions: KHR_materials_ior, _transmission, _volume, _clearcoat, _specular and _sheen.
/// An extension whose values are all its defaults is imported as absent (null), which is what it
/// means, so that a file and its export (which leaves such an extension out) import identically.
/// </summary>
internal sealed partial class GltfReader
{
    private static float? Ior(JsonElement? extensions, string path)
    {
        if (Extension(extensions, "KHR_materials_ior", path) is not { } found)
        {
            return null;
        }

        var (ext, p) = found;

        // KHR_materials_ior: ior ≥ 1 (0, once allowed by drafts for "infinite", is refused).
        var ior = GltfJson.Number(ext, "ior", p, 1.5f);
        return ior >= 1 && float.IsFinite(ior) ? (ior == 1.5f ? null : ior) : throw new GltfFormatException($"{p}.ior is {ior}; it must be at least 1.");
    }

    private MaterialTransmission? Transmission(JsonElement? extensions, string path, string?[] textures)
    {
        if (Extension(extensions, "KHR_materials_transmission", path) is not { } found)
        {
            return null;
        }

        var (ext, p) = found;

        var transmission = new MaterialTransmission(
            Unit(GltfJson.Number(ext, "transmissionFactor", p, 0), p + ".transmissionFactor"),
            TextureInfo(ext, "transmissionTexture", p, textures));
        return transmission == new MaterialTransmission() ? null : transmission;
    }

    private MaterialVolume? Volume(JsonElement? extensions, string path, string?[] textures)
    {
        if (Extension(extensions, "KHR_materials_volume", path) is not { } found)
        {
            return null;
        }

        var (ext, p) = found;

        var thickness = GltfJson.Number(ext, "thicknessFactor", p, 0);
        if (!(thickness >= 0) || !float.IsFinite(thickness))
        {
            throw new GltfFormatException($"{p}.thicknessFactor is {thickness}; it must be at least 0.");
        }

        float? distance = null;
        if (ext.TryGetProperty("attenuationDistance", out _))
        {
            var d = GltfJson.Number(ext, "attenuationDistance", p, 0);
            distance = d > 0 && float.IsFinite(d) ? d : throw new GltfFormatException($"{p}.attenuationDistance is {d}; it must be positive.");
        }

        var color = Unit(GltfJson.Numbers(ext, "attenuationColor", p, 3), p + ".attenuationColor");
        var volume = new MaterialVolume(thickness, TextureInfo(ext, "thicknessTexture", p, textures), distance, color is [1, 1, 1] ? null : color);
        return volume is { ThicknessFactor: 0, ThicknessTexture: null, AttenuationDistance: null, AttenuationColor: null } ? null : volume;
    }

    private MaterialClearcoat? Clearcoat(JsonElement? extensions, string path, string?[] textures)
    {
        if (Extension(extensions, "KHR_materials_clearcoat", path) is not { } found)
        {
            return null;
        }

        var (ext, p) = found;

        var clearcoat = new MaterialClearcoat(
            Unit(GltfJson.Number(ext, "clearcoatFactor", p, 0), p + ".clearcoatFactor"),
            TextureInfo(ext, "clearcoatTexture", p, textures),
            Unit(GltfJson.Number(ext, "clearcoatRoughnessFactor", p, 0), p + ".clearcoatRoughnessFactor"),
            TextureInfo(ext, "clearcoatRoughnessTexture", p, textures),
            TextureInfo(ext, "clearcoatNormalTexture", p, textures),
            GltfJson.Object(ext, "clearcoatNormalTexture", p) is { } n ? GltfJson.Number(n, "scale", p + ".clearcoatNormalTexture", 1) : 1);
        return clearcoat == new MaterialClearcoat() ? null : clearcoat;
    }

    private MaterialSpecular? Specular(JsonElement? extensions, string path, string?[] textures)
    {
        if (Extension(extensions, "KHR_materials_specular", path) is not { } found)
        {
            return null;
        }

        var (ext, p) = found;

        var color = GltfJson.Numbers(ext, "specularColorFactor", p, 3);
        for (var i = 0; color is not null && i < 3; i++)
        {
            if (!(color[i] >= 0) || !float.IsFinite(color[i]))
            {
                throw new GltfFormatException($"{p}.specularColorFactor[{i}] is {color[i]}; it must be at least 0.");
            }
        }

        var specular = new MaterialSpecular(
            Unit(GltfJson.Number(ext, "specularFactor", p, 1), p + ".specularFactor"),
            TextureInfo(ext, "specularTexture", p, textures),
            color is [1, 1, 1] ? null : color,
            TextureInfo(ext, "specularColorTexture", p, textures));
        return specular is { Factor: 1, Texture: null, ColorFactor: null, ColorTexture: null } ? null : specular;
    }

    private MaterialSheen? Sheen(JsonElement? extensions, string path, string?[] textures)
    {
        if (Extension(extensions, "KHR_materials_sheen", path) is not { } found)
        {
            return null;
        }

        var (ext, p) = found;

        var color = Unit(GltfJson.Numbers(ext, "sheenColorFactor", p, 3), p + ".sheenColorFactor");
        var sheen = new MaterialSheen(
            color is [0, 0, 0] ? null : color,
            TextureInfo(ext, "sheenColorTexture", p, textures),
            Unit(GltfJson.Number(ext, "sheenRoughnessFactor", p, 0), p + ".sheenRoughnessFactor"),
            TextureInfo(ext, "sheenRoughnessTexture", p, textures));
        return sheen is { ColorFactor: null, ColorTexture: null, RoughnessFactor: 0, RoughnessTexture: null } ? null : sheen;
    }

    /// <summary>The named extension object and its path, or null when the material does not use it.</summary>
    private static (JsonElement Extension, string Path)? Extension(JsonElement? extensions, string name, string path) =>
        extensions is { } all && GltfJson.Object(all, name, path + ".extensions") is { } ext ? (ext, $"{path}.extensions.{name}") : null;
}
