using System.Text.Json.Nodes;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>KHR_materials_ior, _transmission, _volume, _clearcoat, _specular and _sheen: import, defaults, errors, export round trip.</summary>
public sealed class GltfMaterialExtensionTests
{
    private static readonly string[] Extensions =
    [
        "KHR_materials_ior", "KHR_materials_transmission", "KHR_materials_volume", "KHR_materials_clearcoat", "KHR_materials_specular",
        "KHR_materials_sheen",
    ];

    private static GltfBuilder WithMaterial(JsonObject extensions)
    {
        var b = new GltfBuilder();

        // Texture coordinates and a tangent space, which the validator requires of textured and normal-mapped materials.
        var uvs = b.AddFloats([0, 0, 1, 0, 0, 1], "VEC2");
        var normals = b.AddFloats([0, 0, 1, 0, 0, 1, 0, 0, 1], "VEC3");
        var tangents = b.AddFloats([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1], "VEC4");
        var mesh = b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], primitive: p =>
        {
            p["material"] = 0;
            p["attributes"]!["TEXCOORD_0"] = uvs;
            p["attributes"]!["NORMAL"] = normals;
            p["attributes"]!["TANGENT"] = tangents;
        });
        b.Add("images", new JsonObject { ["bufferView"] = b.AddView(Read("checker.png")), ["mimeType"] = "image/png" });
        b.Add("textures", new JsonObject { ["source"] = 0, ["name"] = "checker" });
        b.Add("materials", new JsonObject
        {
            ["name"] = "glass",
            ["pbrMetallicRoughness"] = new JsonObject { ["metallicFactor"] = 0, ["roughnessFactor"] = 0.1 },
            ["extensions"] = extensions,
        });
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = mesh }));
        b.Json["extensionsUsed"] = new JsonArray([.. Extensions.Select(e => (JsonNode)e)]);
        return b;
    }

    private static JsonObject Texture(double? scale = null) =>
        scale is { } s ? new JsonObject { ["index"] = 0, ["scale"] = s } : new JsonObject { ["index"] = 0 };

    private static JsonObject AllExtensions() => new()
    {
        ["KHR_materials_ior"] = new JsonObject { ["ior"] = 1.33 },
        ["KHR_materials_transmission"] = new JsonObject { ["transmissionFactor"] = 0.9, ["transmissionTexture"] = Texture() },
        ["KHR_materials_volume"] = new JsonObject
        {
            ["thicknessFactor"] = 0.25,
            ["thicknessTexture"] = Texture(),
            ["attenuationDistance"] = 3,
            ["attenuationColor"] = new JsonArray(0.5, 0.75, 1),
        },
        ["KHR_materials_clearcoat"] = new JsonObject
        {
            ["clearcoatFactor"] = 0.8,
            ["clearcoatTexture"] = Texture(),
            ["clearcoatRoughnessFactor"] = 0.2,
            ["clearcoatRoughnessTexture"] = Texture(),
            ["clearcoatNormalTexture"] = Texture(0.5),
        },
        ["KHR_materials_specular"] = new JsonObject
        {
            ["specularFactor"] = 0.7,
            ["specularTexture"] = Texture(),
            ["specularColorFactor"] = new JsonArray(1.2, 1, 0.8),
            ["specularColorTexture"] = Texture(),
        },
        ["KHR_materials_sheen"] = new JsonObject
        {
            ["sheenColorFactor"] = new JsonArray(0.9, 0.5, 0.25),
            ["sheenColorTexture"] = Texture(),
            ["sheenRoughnessFactor"] = 0.6,
            ["sheenRoughnessTexture"] = Texture(),
        },
    };

    [Fact]
    public void Import_EveryPbrExtension_CarriesFactorsAndTextures()
    {
        var result = Succeeded(GltfImporter.Import(WithMaterial(AllExtensions()).ToGlb(), Folder, GltfImportOptions.Default));

        var m = Element<MaterialElement>(result, "material/glass");
        Assert.Equal(1.33f, m.Ior);
        Assert.Equal(0.9f, m.Transmission!.Factor);
        Assert.Equal("texture/checker", m.Transmission.Texture!.Texture);
        Assert.Equal((0.25f, 3f), (m.Volume!.ThicknessFactor, m.Volume.AttenuationDistance!.Value));
        Assert.Equal([0.5f, 0.75f, 1f], m.Volume.AttenuationColor!);
        Assert.NotNull(m.Volume.ThicknessTexture);
        Assert.Equal((0.8f, 0.2f, 0.5f), (m.Clearcoat!.Factor, m.Clearcoat.RoughnessFactor, m.Clearcoat.NormalScale));
        Assert.NotNull(m.Clearcoat.Texture);
        Assert.NotNull(m.Clearcoat.RoughnessTexture);
        Assert.NotNull(m.Clearcoat.NormalTexture);
        Assert.Equal(0.7f, m.Specular!.Factor);
        Assert.Equal([1.2f, 1f, 0.8f], m.Specular.ColorFactor!);
        Assert.NotNull(m.Specular.Texture);
        Assert.NotNull(m.Specular.ColorTexture);
        Assert.Equal([0.9f, 0.5f, 0.25f], m.Sheen!.ColorFactor!);
        Assert.Equal(0.6f, m.Sheen.RoughnessFactor);
        Assert.Equal("texture/checker", m.Sheen.ColorTexture!.Texture);
        Assert.Equal("texture/checker", m.Sheen.RoughnessTexture!.Texture);
        Assert.DoesNotContain(result.Unsupported, u => u.Feature.StartsWith("KHR_materials", StringComparison.Ordinal));
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }

    [Fact]
    public void Import_ExtensionsWithDefaultsOrAbsent_AreNullAndHashLikeAPlainMaterial()
    {
        var defaults = new JsonObject
        {
            ["KHR_materials_ior"] = new JsonObject { ["ior"] = 1.5 },
            ["KHR_materials_transmission"] = new JsonObject(),
            ["KHR_materials_volume"] = new JsonObject { ["attenuationColor"] = new JsonArray(1, 1, 1) },
            ["KHR_materials_clearcoat"] = new JsonObject { ["clearcoatFactor"] = 0 },
            ["KHR_materials_specular"] = new JsonObject { ["specularFactor"] = 1 },
            ["KHR_materials_sheen"] = new JsonObject { ["sheenColorFactor"] = new JsonArray(0, 0, 0), ["sheenRoughnessFactor"] = 0 },
        };

        var withDefaults = Element<MaterialElement>(Succeeded(GltfImporter.Import(WithMaterial(defaults).ToGlb(), Folder, GltfImportOptions.Default)), "material/glass");
        var without = Element<MaterialElement>(Succeeded(GltfImporter.Import(WithMaterial([]).ToGlb(), Folder, GltfImportOptions.Default)), "material/glass");

        Assert.Null(withDefaults.Ior);
        Assert.Null(withDefaults.Transmission);
        Assert.Null(withDefaults.Volume);
        Assert.Null(withDefaults.Clearcoat);
        Assert.Null(withDefaults.Specular);
        Assert.Null(withDefaults.Sheen);
        Assert.Equal(SceneCanonical.Hash(without), SceneCanonical.Hash(withDefaults));
        Assert.Equal(SceneCanonical.Hash(new MaterialElement(MetallicFactor: 0, RoughnessFactor: 0.1f)), SceneCanonical.Hash(without));
    }

    [Theory]
    [InlineData("KHR_materials_ior", "ior", 0.5, "at least 1")]
    [InlineData("KHR_materials_transmission", "transmissionFactor", 1.5, "[0, 1]")]
    [InlineData("KHR_materials_volume", "thicknessFactor", -1, "at least 0")]
    [InlineData("KHR_materials_volume", "attenuationDistance", 0, "positive")]
    [InlineData("KHR_materials_clearcoat", "clearcoatFactor", -0.1, "[0, 1]")]
    [InlineData("KHR_materials_clearcoat", "clearcoatRoughnessFactor", 2, "[0, 1]")]
    [InlineData("KHR_materials_specular", "specularFactor", 1.1, "[0, 1]")]
    [InlineData("KHR_materials_sheen", "sheenRoughnessFactor", 1.5, "[0, 1]")]
    [InlineData("KHR_materials_sheen", "sheenRoughnessFactor", -0.5, "[0, 1]")]
    public void Import_OutOfRangeExtensionValue_IsInvalidNamingThePath(string extension, string property, double value, string fragment)
    {
        var b = WithMaterial(new JsonObject { [extension] = new JsonObject { [property] = value } });

        var result = GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default);

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCode.GltfInvalid, result.Error);
        Assert.Contains($"materials[0].extensions.{extension}.{property}", result.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_NegativeSpecularColour_IsInvalid()
    {
        var b = WithMaterial(new JsonObject { ["KHR_materials_specular"] = new JsonObject { ["specularColorFactor"] = new JsonArray(1, -1, 1) } });

        var result = GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default);

        Assert.Equal(ErrorCode.GltfInvalid, result.Error);
        Assert.Contains("specularColorFactor[1]", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.25)]
    public void Import_SheenColourOutOfRange_IsInvalidNamingThePath(double value)
    {
        var b = WithMaterial(new JsonObject { ["KHR_materials_sheen"] = new JsonObject { ["sheenColorFactor"] = new JsonArray(0.5, value, 0.5) } });

        var result = GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default);

        Assert.Equal(ErrorCode.GltfInvalid, result.Error);
        Assert.Contains("materials[0].extensions.KHR_materials_sheen.sheenColorFactor", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_SheenRoughnessAlone_IsKeptWithABlackColour()
    {
        // A roughness without a colour renders nothing, but it is what the file says: kept, so that it round-trips.
        var b = WithMaterial(new JsonObject { ["KHR_materials_sheen"] = new JsonObject { ["sheenRoughnessFactor"] = 0.3 } });

        var m = Element<MaterialElement>(Succeeded(GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default)), "material/glass");

        Assert.Equal(new MaterialSheen(RoughnessFactor: 0.3f), m.Sheen);
    }

    [Fact]
    public void Import_RequiredPbrExtensions_AreAccepted()
    {
        var b = WithMaterial(AllExtensions());
        b.Json["extensionsRequired"] = new JsonArray([.. Extensions.Select(e => (JsonNode)e)]);

        Succeeded(GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default));
    }

    [Fact]
    public void Export_EveryPbrExtension_ImportsBackToTheSameManifest()
    {
        var first = Succeeded(GltfImporter.Import(WithMaterial(AllExtensions()).ToGlb(), Folder, GltfImportOptions.Default));

        var second = Succeeded(GltfImporter.Import(Export(first).ToGlb(), None, GltfImportOptions.Default));

        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(SceneCanonical.Serialize(Element<MaterialElement>(first, "material/glass"))),
            System.Text.Encoding.UTF8.GetString(SceneCanonical.Serialize(Element<MaterialElement>(second, "material/glass"))));
        Assert.Equal(SceneElementsLoader.ManifestHash(first.Elements), SceneElementsLoader.ManifestHash(second.Elements));
    }

    [Fact]
    public async Task Export_EveryPbrExtension_PassesTheKhronosValidator()
    {
        var imported = Succeeded(GltfImporter.Import(WithMaterial(AllExtensions()).ToGlb(), Folder, GltfImportOptions.Default));
        var folder = Directory.CreateTempSubdirectory("gltf-export-");
        try
        {
            var glb = Path.Combine(folder.FullName, "scene.glb");
            await File.WriteAllBytesAsync(glb, Export(imported).ToGlb());

            var issues = await GltfValidator.ValidateAsync(glb);

            Assert.True(issues.GetProperty("numErrors").GetInt32() == 0, issues.ToString());
            Assert.Equal(0, issues.GetProperty("numWarnings").GetInt32());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static GltfExportResult Export(GltfImportResult imported)
    {
        var result = GltfExporter.Export(imported.Elements, hash => imported.Blobs.TryGetValue(hash, out var bytes) ? bytes : null);
        Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");
        return result;
    }
}
