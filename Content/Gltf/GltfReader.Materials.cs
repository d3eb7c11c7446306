using System.Text.Json;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Materials (glTF 2.0 §3.9) with KHR_materials_emissive_strength, KHR_texture_transform and the PBR
/// extensions of <c>GltfReader.MaterialExtensions.cs</c>.
/// </summary>
internal sealed partial class GltfReader
{
    private static readonly string[] MaterialExtensions =
    [
        "KHR_materials_emissive_strength", "KHR_materials_ior", "KHR_materials_transmission", "KHR_materials_volume",
        "KHR_materials_clearcoat", "KHR_materials_specular", "KHR_materials_sheen",
    ];

    private string[] ReadMaterials(string?[] textures)
    {
        var materials = GltfJson.Array(_root, "materials", string.Empty);
        var names = new string[materials.Count];
        for (var i = 0; i < materials.Count; i++)
        {
            var path = $"materials[{i}]";
            var m = materials[i];
            NoteExtensions(m, path, MaterialExtensions);
            var pbr = GltfJson.Object(m, "pbrMetallicRoughness", path);
            var pbrPath = path + ".pbrMetallicRoughness";
            var extensions = GltfJson.Object(m, "extensions", path);
            var strength = extensions is { } ext && GltfJson.Object(ext, "KHR_materials_emissive_strength", path + ".extensions") is { } es
                ? GltfJson.Number(es, "emissiveStrength", path + ".extensions.KHR_materials_emissive_strength", 1)
                : 1;
            var alphaMode = GltfJson.String(m, "alphaMode", path) ?? "OPAQUE";
            var material = new MaterialElement(
                BaseColorFactor: pbr is { } p1 ? Unit(GltfJson.Numbers(p1, "baseColorFactor", pbrPath, 4), pbrPath + ".baseColorFactor") : null,
                BaseColorTexture: pbr is { } p2 ? TextureInfo(p2, "baseColorTexture", pbrPath, textures) : null,
                MetallicFactor: pbr is { } p3 ? Unit(GltfJson.Number(p3, "metallicFactor", pbrPath, 1), pbrPath + ".metallicFactor") : 1,
                RoughnessFactor: pbr is { } p4 ? Unit(GltfJson.Number(p4, "roughnessFactor", pbrPath, 1), pbrPath + ".roughnessFactor") : 1,
                MetallicRoughnessTexture: pbr is { } p5 ? TextureInfo(p5, "metallicRoughnessTexture", pbrPath, textures) : null,
                NormalTexture: TextureInfo(m, "normalTexture", path, textures),
                NormalScale: GltfJson.Object(m, "normalTexture", path) is { } n ? GltfJson.Number(n, "scale", path + ".normalTexture", 1) : 1,
                OcclusionTexture: TextureInfo(m, "occlusionTexture", path, textures),
                OcclusionStrength: GltfJson.Object(m, "occlusionTexture", path) is { } o
                    ? Unit(GltfJson.Number(o, "strength", path + ".occlusionTexture", 1), path + ".occlusionTexture.strength") : 1,
                EmissiveFactor: Unit(GltfJson.Numbers(m, "emissiveFactor", path, 3), path + ".emissiveFactor"),
                EmissiveTexture: TextureInfo(m, "emissiveTexture", path, textures),
                EmissiveStrength: strength >= 0 ? strength : throw new GltfFormatException($"{path}: emissiveStrength {strength} is negative."),
                AlphaMode: alphaMode switch
                {
                    "OPAQUE" => "opaque",
                    "MASK" => "mask",
                    "BLEND" => "blend",
                    _ => throw new GltfFormatException($"{path}.alphaMode '{alphaMode}' is not OPAQUE, MASK or BLEND."),
                },
                AlphaCutoff: AlphaCutoff(GltfJson.Number(m, "alphaCutoff", path, 0.5f), path),
                DoubleSided: GltfJson.Boolean(m, "doubleSided", path, false),
                Ior: Ior(extensions, path),
                Transmission: Transmission(extensions, path, textures),
                Volume: Volume(extensions, path, textures),
                Clearcoat: Clearcoat(extensions, path, textures),
                Specular: Specular(extensions, path, textures),
                Sheen: Sheen(extensions, path, textures));
            names[i] = NameFor("material", m, i);
            Add(names[i], material);
        }

        return names;
    }

    /// <summary>A textureInfo (with KHR_texture_transform), or null when absent or its texture has no usable image.</summary>
    private TextureRef? TextureInfo(JsonElement parent, string property, string parentPath, string?[] textures)
    {
        var path = GltfJson.Join(parentPath, property);
        if (GltfJson.Object(parent, property, parentPath) is not { } info)
        {
            return null;
        }

        NoteExtensions(info, path, ["KHR_texture_transform"]);
        var index = GltfJson.Index(info, "index", path, textures.Length, "texture") ?? throw new GltfFormatException($"{path}.index is required.");
        var texCoord = (int)(GltfJson.Integer(info, "texCoord", path, 0, 64) ?? 0);
        float[]? offset = null;
        float[]? scale = null;
        float rotation = 0;
        if (GltfJson.Object(info, "extensions", path) is { } ext && GltfJson.Object(ext, "KHR_texture_transform", path + ".extensions") is { } transform)
        {
            var tPath = path + ".extensions.KHR_texture_transform";
            offset = GltfJson.Numbers(transform, "offset", tPath, 2);
            scale = GltfJson.Numbers(transform, "scale", tPath, 2);
            rotation = GltfJson.Number(transform, "rotation", tPath, 0);
            texCoord = (int)(GltfJson.Integer(transform, "texCoord", tPath, 0, 64) ?? texCoord); // overrides textureInfo.texCoord
        }

        if (texCoord != 0)
        {
            Report("multipleUvSets", $"{path} uses TEXCOORD_{texCoord}; meshes carry TEXCOORD_0 only, so it is sampled with set 0.");
            texCoord = 0;
        }

        return textures[index] is { } name ? new TextureRef(name, texCoord, offset, rotation, scale) : null;
    }

    private static float Unit(float value, string path) =>
        value is >= 0 and <= 1 ? value : throw new GltfFormatException($"{path} is {value}; it must be in [0, 1].");

    private static float[]? Unit(float[]? values, string path)
    {
        for (var i = 0; values is not null && i < values.Length; i++)
        {
            Unit(values[i], $"{path}[{i}]");
        }

        return values;
    }

    private float AlphaCutoff(float value, string path)
    {
        if (value < 0)
        {
            throw new GltfFormatException($"{path}.alphaCutoff {value} is negative.");
        }

        if (value > 1)
        {
            Report("alphaCutoff", $"{path}.alphaCutoff {value} is above 1; every texel is cut, imported as 1.");
            return 1;
        }

        return value;
    }
}
