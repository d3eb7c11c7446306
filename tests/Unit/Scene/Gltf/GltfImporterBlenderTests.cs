using System.Text.Json;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>
/// Files written by Blender's bundled glTF exporter (tests/TestData/gltf/make_blender_assets.py):
/// what a real exporter writes must import completely, as valid scene elements.
/// </summary>
public sealed class GltfImporterBlenderTests
{
    [Fact]
    public void Import_BlenderGlb_MakesEveryKindOfElementAndAValidScene()
    {
        var result = Succeeded(Import(Read("blender-scene.glb")));

        Assert.Equal(3, result.Counts.Meshes);
        Assert.Equal(3, result.Counts.Materials);
        Assert.Equal(1, result.Counts.Textures);
        Assert.Equal(3, result.Counts.Lights);
        Assert.Equal(1, result.Counts.Cameras);
        Assert.Empty(SceneValidator.Validate(result.Elements));
        Assert.Empty(result.Unsupported);
        var root = Element<SceneRootElement>(result, "scene");
        Assert.Equal("node/Camera", root.Camera);
        Assert.Equal(["node/Cube", "node/Pivot", "node/Ground", "node/Camera", "node/Lamp", "node/Spot", "node/Sun"], root.Roots);
        Assert.Equal(["camera/Camera"], result.Cameras);
    }

    [Fact]
    public void Import_BlenderGlb_TrianglesAndVerticesMatchTheFilesAccessors()
    {
        var file = Read("blender-scene.glb");
        using var json = JsonDocument.Parse(Read("blender-scene.gltf"));
        var accessors = json.RootElement.GetProperty("accessors");
        long triangles = 0, vertices = 0;
        foreach (var mesh in json.RootElement.GetProperty("meshes").EnumerateArray())
        {
            foreach (var p in mesh.GetProperty("primitives").EnumerateArray())
            {
                triangles += accessors[p.GetProperty("indices").GetInt32()].GetProperty("count").GetInt32() / 3;
                vertices += accessors[p.GetProperty("attributes").GetProperty("POSITION").GetInt32()].GetProperty("count").GetInt32();
            }
        }

        var result = Succeeded(Import(file));

        Assert.Equal(triangles, result.Counts.Triangles);
        Assert.Equal(vertices, result.Counts.Vertices);
        var cube = Element<MeshElement>(result, "mesh/Cube");
        Assert.Equal(12, cube.TriangleCount);
        Assert.All(Indices(result, cube.Indices), i => Assert.InRange(i, 0u, (uint)cube.VertexCount - 1));
        Assert.Equal("material/Red", cube.Material);
    }

    [Fact]
    public void Import_BlenderGltfWithSeparateFiles_GivesTheSameElementsAsTheGlb()
    {
        var glb = Succeeded(Import(Read("blender-scene.glb")));
        var gltf = Succeeded(GltfImporter.Import(Read("blender-scene.gltf"), Folder, GltfImportOptions.Default));

        Assert.Equal(glb.Elements.Keys, gltf.Elements.Keys);
        foreach (var (name, element) in glb.Elements)
        {
            Assert.Equal(SceneCanonical.Hash(element), SceneCanonical.Hash(gltf.Elements[name]));
        }
    }

    [Fact]
    public void Import_BlenderGlb_LightsKeepGltfUnitsAndMaterialsTheirFactors()
    {
        using var json = JsonDocument.Parse(Read("blender-scene.gltf"));
        var lights = json.RootElement.GetProperty("extensions").GetProperty("KHR_lights_punctual").GetProperty("lights");

        var result = Succeeded(Import(Read("blender-scene.glb")));

        var point = Element<LightElement>(result, "light/Point");
        Assert.Equal("point", point.LightType);
        Assert.Equal(lights[0].GetProperty("intensity").GetSingle(), point.Intensity); // candela, as written: not converted
        Assert.Equal([1f, 0.9f, 0.8f], point.Color);
        var spot = Element<LightElement>(result, "light/Spot");
        Assert.Equal(lights[1].GetProperty("spot").GetProperty("outerConeAngle").GetSingle(), spot.OuterConeAngle);
        Assert.Equal(lights[1].GetProperty("spot").GetProperty("innerConeAngle").GetSingle(), spot.InnerConeAngle);
        var sun = Element<LightElement>(result, "light/Sun");
        Assert.Equal("directional", sun.LightType);
        Assert.Equal(lights[2].GetProperty("intensity").GetSingle(), sun.Intensity); // lux
        var gold = Element<MaterialElement>(result, "material/Gold");
        Assert.Equal(3f, gold.EmissiveStrength);
        Assert.Equal([1f, 0.5f, 0f], gold.EmissiveFactor!);
        Assert.Equal(0.25f, gold.RoughnessFactor);
        Assert.Equal(1f, gold.MetallicFactor);
        var checker = Element<MaterialElement>(result, "material/Checker");
        var texture = Element<TextureElement>(result, checker.BaseColorTexture!.Texture);
        Assert.Equal(("png", 16, 16), (texture.Format, texture.Width, texture.Height));
        Assert.Equal(new TextureSampler("nearest", "nearest"), texture.Sampler);
        Assert.Equal(Read("checker.png"), result.Blobs[texture.Image].ToArray());
        var camera = Element<CameraElement>(result, "camera/Camera");
        Assert.Equal(0.8f, camera.YFov, 5);
        Assert.Equal(4f / 3, camera.AspectRatio!.Value, 5);
    }

    [Fact]
    public void Import_BlenderGlb_ChildOfAScaledRotatedParentComposesToTheBlenderPlacement()
    {
        var result = Succeeded(Import(Read("blender-scene.glb")));

        // Pivot: Blender (0, 3, 0) rotated 90° about Blender Z, scale 2; Sphere at local Blender (1, 0, 0.5).
        // glTF is Y-up: Blender (x, y, z) is glTF (x, z, −y). World = Pivot · Sphere applied to the origin.
        var pivot = Element<InstanceElement>(result, "node/Pivot");
        var group = Element<GroupElement>(result, pivot.Target);
        Assert.Equal(["node/Sphere"], group.Children);
        var sphere = Element<InstanceElement>(result, "node/Sphere");
        Assert.Equal("mesh/Sphere", sphere.Target);
        var world = GltfMath.Multiply(pivot.Transform!, sphere.Transform!);
        var origin = GltfMath.Apply(world, 0, 0, 0);
        // Blender world position: pivot + R90z · (2 · (1, 0, 0.5)) = (0, 3, 0) + (0, 2, 1) = (0, 5, 1) → glTF (0, 1, −5).
        Assert.Equal(0, origin.X, 4);
        Assert.Equal(1, origin.Y, 4);
        Assert.Equal(-5, origin.Z, 4);
    }

    [Fact]
    public void Import_BlenderExtras_CarriesTextureTransformAndJpegAndReportsTheRest()
    {
        var file = Read("blender-extras.glb");
        var length = BitConverter.ToInt32(file, 12);
        using var json = JsonDocument.Parse(file.AsMemory(20, length));
        var transform = json.RootElement.GetProperty("materials")[0].GetProperty("pbrMetallicRoughness").GetProperty("baseColorTexture")
            .GetProperty("extensions").GetProperty("KHR_texture_transform");

        var result = Succeeded(Import(file)); // the exporter lists KHR_texture_transform in extensionsRequired

        var photo = Element<MaterialElement>(result, "material/Photo").BaseColorTexture!;
        Assert.Equal([transform.GetProperty("offset")[0].GetSingle(), transform.GetProperty("offset")[1].GetSingle()], photo.Offset!);
        Assert.Equal(0.5f, photo.Rotation);
        Assert.Equal([2f, 3f], photo.Scale!);
        var texture = Element<TextureElement>(result, photo.Texture);
        Assert.Equal(("jpeg", 24, 16), (texture.Format, texture.Width, texture.Height));
        var spot = Element<LightElement>(result, "light/Spot");
        Assert.True(spot.InnerConeAngle < spot.OuterConeAngle);
        Assert.Null(Element<SceneRootElement>(result, "scene").Camera);
        var features = result.Unsupported.Select(u => u.Feature).ToHashSet();
        Assert.Superset(new HashSet<string> { "animation", "morphTargets", "vertexColors", "multipleUvSets", "orthographicCamera", "spotCone" }, features);
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }
}
