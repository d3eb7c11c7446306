using System.Text.Json.Nodes;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>What the scene model cannot hold is reported with where it was, never dropped silently.</summary>
public sealed class GltfImporterUnsupportedTests
{
    [Fact]
    public void Import_FileWithEveryUnsupportedFeature_ImportsTheRestAndReportsEachOne()
    {
        var b = new GltfBuilder();
        var uv1 = b.AddFloats([0, 0, 1, 0, 0, 1], "VEC2");
        var color = b.AddFloats([1, 0, 0, 0, 1, 0, 0, 0, 1], "VEC3");
        var target = b.AddFloats([0, 0, 0, 0, 0, 0, 0, 0, 0], "VEC3");
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], name: "tri", primitive: p =>
        {
            p["attributes"]!["TEXCOORD_1"] = uv1;
            p["attributes"]!["COLOR_0"] = color;
            p["targets"] = new JsonArray(new JsonObject { ["POSITION"] = target });
            p["extensions"] = new JsonObject { ["KHR_draco_mesh_compression"] = new JsonObject { ["bufferView"] = 0, ["attributes"] = new JsonObject() } };
        });
        var points = b.AddFloats([0, 0, 0], "VEC3");
        b.Add("meshes", new JsonObject { ["name"] = "dots", ["primitives"] = new JsonArray(new JsonObject { ["mode"] = 0, ["attributes"] = new JsonObject { ["POSITION"] = points } }) });
        b.Add("materials", new JsonObject { ["extensions"] = new JsonObject { ["KHR_materials_iridescence"] = new JsonObject { ["iridescenceFactor"] = 1 } } });
        b.Add("cameras", new JsonObject { ["type"] = "orthographic", ["orthographic"] = new JsonObject { ["xmag"] = 1, ["ymag"] = 1, ["znear"] = 0.1, ["zfar"] = 10 } });
        b.Add("skins", new JsonObject { ["joints"] = new JsonArray(0) });
        b.Add("animations", new JsonObject { ["channels"] = new JsonArray(), ["samplers"] = new JsonArray() });
        b.Json["extensionsUsed"] = new JsonArray("KHR_draco_mesh_compression", "KHR_materials_iridescence", "EXT_meshopt_compression");
        var node = b.AddNode(new JsonObject { ["mesh"] = 0, ["skin"] = 0, ["camera"] = 0 });
        b.AddNode(new JsonObject { ["mesh"] = 1 });
        b.SetScene(node);
        b.Add("scenes", new JsonObject { ["nodes"] = new JsonArray(1) });

        var result = Succeeded(Import(b.ToGlb()));

        var features = result.Unsupported.Select(u => u.Feature).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "multipleUvSets", "vertexColors", "morphTargets", "KHR_draco_mesh_compression", "primitiveMode", "KHR_materials_iridescence",
                "orthographicCamera", "skin", "animation", "EXT_meshopt_compression", "scenes",
            },
            features);
        Assert.Contains(result.Unsupported, u => u.Feature == "KHR_draco_mesh_compression" && u.Detail.Contains("meshes[0].primitives[0]", StringComparison.Ordinal));
        Assert.Contains(result.Unsupported, u => u.Feature == "primitiveMode" && u.Detail.Contains("meshes[1].primitives[0]", StringComparison.Ordinal));
        Assert.Equal(1, result.Counts.Meshes);
        Assert.Equal(0, result.Counts.Cameras);
        Assert.Equal("mesh/tri", Element<InstanceElement>(result, "node/0").Target); // the orthographic camera is left out
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }

    [Fact]
    public void Import_TextureCoordinateSetOne_IsReportedAndSampledWithSetZero()
    {
        var b = new GltfBuilder();
        b.Add("images", new JsonObject { ["bufferView"] = b.AddView(Read("checker.png")), ["mimeType"] = "image/png" });
        b.Add("textures", new JsonObject { ["source"] = 0 });
        b.Add("materials", new JsonObject { ["emissiveTexture"] = new JsonObject { ["index"] = 0, ["texCoord"] = 1 } });

        var result = Succeeded(Import(b.ToGlb()));

        Assert.Contains(result.Unsupported, u => u.Feature == "multipleUvSets" && u.Detail.Contains("materials[0].emissiveTexture", StringComparison.Ordinal));
        Assert.Equal(0, Element<MaterialElement>(result, "material/0").EmissiveTexture!.TexCoord);
    }

    [Fact]
    public void Import_TopLevelExtension_IsReportedWithWhereItWas()
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0]);
        b.Json["extensionsUsed"] = new JsonArray("EXT_lights_image_based");
        b.Json["extensions"] = new JsonObject { ["EXT_lights_image_based"] = new JsonObject { ["lights"] = new JsonArray() } };

        var result = Succeeded(Import(b.ToGlb()));

        var entry = Assert.Single(result.Unsupported);
        Assert.Equal(("EXT_lights_image_based", "on the top level; not imported."), (entry.Feature, entry.Detail));
    }
}
