using System.Text.Json.Nodes;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>Materials, textures, samplers, cameras and lights of hand-built files.</summary>
public sealed class GltfImporterMaterialTests
{
    private static GltfBuilder WithTexturedMaterial(JsonObject material)
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], primitive: p => p["material"] = 0);
        b.Add("images", new JsonObject { ["bufferView"] = b.AddView(Read("checker.png")), ["mimeType"] = "image/png" });
        b.Add("images", new JsonObject { ["uri"] = "checker.jpg", ["name"] = "photo" });
        b.Add("samplers", new JsonObject { ["magFilter"] = 9729, ["minFilter"] = 9986, ["wrapS"] = 33071, ["wrapT"] = 33648 });
        b.Add("textures", new JsonObject { ["source"] = 0, ["sampler"] = 0, ["name"] = "checker" });
        b.Add("textures", new JsonObject { ["source"] = 1 });
        b.Add("materials", material);
        return b;
    }

    [Fact]
    public void Import_FullMaterial_CarriesEveryFactorTextureAndExtension()
    {
        var b = WithTexturedMaterial(new JsonObject
        {
            ["name"] = "painted",
            ["pbrMetallicRoughness"] = new JsonObject
            {
                ["baseColorFactor"] = new JsonArray(0.5, 0.25, 1, 0.75),
                ["baseColorTexture"] = new JsonObject
                {
                    ["index"] = 0,
                    ["extensions"] = new JsonObject
                    {
                        ["KHR_texture_transform"] = new JsonObject { ["offset"] = new JsonArray(0.5, -0.25), ["rotation"] = 1.5, ["scale"] = new JsonArray(2, 3) },
                    },
                },
                ["metallicFactor"] = 0.3,
                ["roughnessFactor"] = 0.6,
                ["metallicRoughnessTexture"] = new JsonObject { ["index"] = 1 },
            },
            ["normalTexture"] = new JsonObject { ["index"] = 0, ["scale"] = 0.8 },
            ["occlusionTexture"] = new JsonObject { ["index"] = 1, ["strength"] = 0.4 },
            ["emissiveTexture"] = new JsonObject { ["index"] = 1 },
            ["emissiveFactor"] = new JsonArray(1, 0.5, 0),
            ["extensions"] = new JsonObject { ["KHR_materials_emissive_strength"] = new JsonObject { ["emissiveStrength"] = 7.5 } },
            ["alphaMode"] = "MASK",
            ["alphaCutoff"] = 0.3,
            ["doubleSided"] = true,
        });
        b.Json["extensionsUsed"] = new JsonArray("KHR_texture_transform", "KHR_materials_emissive_strength");

        var result = Succeeded(GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default));

        var m = Element<MaterialElement>(result, "material/painted");
        Assert.Equal([0.5f, 0.25f, 1, 0.75f], m.BaseColorFactor!);
        Assert.Equal("texture/checker", m.BaseColorTexture!.Texture);
        Assert.Equal([0.5f, -0.25f], m.BaseColorTexture.Offset!);
        Assert.Equal(1.5f, m.BaseColorTexture.Rotation);
        Assert.Equal([2f, 3f], m.BaseColorTexture.Scale!);
        Assert.Equal((0.3f, 0.6f), (m.MetallicFactor, m.RoughnessFactor));
        Assert.Equal("texture/photo", m.MetallicRoughnessTexture!.Texture);
        Assert.Equal(0.8f, m.NormalScale);
        Assert.Equal(0.4f, m.OcclusionStrength);
        Assert.Equal([1f, 0.5f, 0], m.EmissiveFactor!);
        Assert.Equal(7.5f, m.EmissiveStrength);
        Assert.Equal(("mask", 0.3f, true), (m.AlphaMode, m.AlphaCutoff, m.DoubleSided));
        Assert.Equal("material/painted", Element<MeshElement>(result, "mesh/0").Material);
        Assert.Empty(result.Unsupported);
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }

    [Fact]
    public void Import_PngAndJpegTextures_ReadSizesFromTheHeadersAndMapSamplers()
    {
        var b = WithTexturedMaterial(new JsonObject());

        var result = Succeeded(GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default));

        var png = Element<TextureElement>(result, "texture/checker");
        Assert.Equal(("png", 16, 16), (png.Format, png.Width, png.Height));
        Assert.Equal(new TextureSampler("linear", "nearest", "clamp", "mirror"), png.Sampler);
        var jpeg = Element<TextureElement>(result, "texture/photo");
        Assert.Equal(("jpeg", 24, 16), (jpeg.Format, jpeg.Width, jpeg.Height));
        Assert.Equal(new TextureSampler(), jpeg.Sampler);
        Assert.Equal(Read("checker.jpg"), result.Blobs[jpeg.Image].ToArray());
    }

    [Fact]
    public void Import_DefaultMaterial_IsGltfDefaults()
    {
        var b = WithTexturedMaterial(new JsonObject());

        var result = Succeeded(GltfImporter.Import(b.ToGlb(), Folder, GltfImportOptions.Default));

        Assert.Equal(SceneCanonical.Hash(new MaterialElement()), SceneCanonical.Hash(Element<MaterialElement>(result, "material/0")));
    }

    [Fact]
    public void Import_PerspectiveCameraAndLights_KeepGltfValuesAndUnits()
    {
        var b = new GltfBuilder();
        b.Add("cameras", new JsonObject { ["name"] = "eye", ["type"] = "perspective", ["perspective"] = new JsonObject { ["yfov"] = 0.7, ["znear"] = 0.05, ["zfar"] = 500, ["aspectRatio"] = 1.5 } });
        b.Add("cameras", new JsonObject { ["type"] = "perspective", ["perspective"] = new JsonObject { ["yfov"] = 1.0, ["znear"] = 0.1 } });
        b.Json["extensionsUsed"] = new JsonArray("KHR_lights_punctual");
        b.Json["extensions"] = new JsonObject
        {
            ["KHR_lights_punctual"] = new JsonObject
            {
                ["lights"] = new JsonArray(
                    new JsonObject { ["type"] = "spot", ["name"] = "s", ["intensity"] = 1200, ["color"] = new JsonArray(1, 0.5, 0.25), ["range"] = 30, ["spot"] = new JsonObject { ["innerConeAngle"] = 0.2, ["outerConeAngle"] = 0.6 } },
                    new JsonObject { ["type"] = "directional", ["intensity"] = 3.5 },
                    new JsonObject { ["type"] = "point" }),
            },
        };
        var eye = b.AddNode(new JsonObject { ["camera"] = 0, ["name"] = "eye", ["translation"] = new JsonArray(0, 1, 5) });
        var lamp = b.AddNode(new JsonObject { ["name"] = "lamp", ["extensions"] = new JsonObject { ["KHR_lights_punctual"] = new JsonObject { ["light"] = 0 } } });
        var rig = b.AddNode(new JsonObject { ["name"] = "rig", ["camera"] = 1, ["extensions"] = new JsonObject { ["KHR_lights_punctual"] = new JsonObject { ["light"] = 2 } } });
        b.SetScene(eye, lamp, rig);

        var result = Succeeded(Import(b.ToGltf()));

        Assert.Equal(new CameraElement(0.7f, 1.5f, 0.05f, 500), Element<CameraElement>(result, "camera/eye") with { });
        Assert.Equal(new CameraElement(1.0f, null, 0.1f, null), Element<CameraElement>(result, "camera/1"));
        var spot = Element<LightElement>(result, "light/s");
        Assert.Equal(("spot", 1200f, 30f, 0.2f, 0.6f), (spot.LightType, spot.Intensity, spot.Range!.Value, spot.InnerConeAngle, spot.OuterConeAngle));
        Assert.Equal([1f, 0.5f, 0.25f], spot.Color);
        var sun = Element<LightElement>(result, "light/1");
        Assert.Equal(("directional", 3.5f, (float?)null), (sun.LightType, sun.Intensity, sun.Range));
        var point = Element<LightElement>(result, "light/2");
        Assert.Equal(1f, point.Intensity);
        Assert.Equal([1f, 1, 1], point.Color);
        Assert.Equal("light/s", Element<InstanceElement>(result, "node/lamp").Target);
        Assert.Equal(["node/rig/camera", "node/rig/light"], Element<GroupElement>(result, "node/rig/group").Children);
        Assert.Equal(["node/eye", "node/rig/camera"], result.CameraInstances);
        Assert.Equal("node/eye", Element<SceneRootElement>(result, "scene").Camera);
        Assert.Equal(["camera/eye", "camera/1"], result.Cameras);
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }
}
