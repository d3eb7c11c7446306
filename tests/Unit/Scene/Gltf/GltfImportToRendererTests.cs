using System.Numerics;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Tests.Rendering.Adapter;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>The importer's output is what the render adapter consumes: a Blender file goes through both.</summary>
public sealed class GltfImportToRendererTests
{
    [Theory]
    [InlineData("blender-scene.glb")]
    [InlineData("blender-extras.glb")]
    [InlineData("blender-materials.glb")]
    public async Task Import_ThenAdapt_EveryMeshPlacedWithTheFilesTrianglesAndItsCamera(string file)
    {
        var imported = Succeeded(Import(Read(file)));

        var adapted = await AdapterScenes.NewAdapter().BuildAsync(imported.Elements, new InMemoryBlobSource(imported.Blobs), CancellationToken.None);

        Assert.True(adapted.Succeeded, $"{adapted.Error}: {adapted.Message}");
        var scene = adapted.Scene!;
        Assert.Equal(imported.Counts.Triangles, scene.TriangleCount); // each mesh is placed once in these files
        Assert.Equal(imported.Counts.Meshes, scene.Description.Instances.Count);
        Assert.Equal(imported.Counts.Lights, scene.Description.Lights.Count);
        Assert.Equal(imported.CameraInstances.Count, scene.Cameras.Count);
        Assert.Equal(imported.CameraInstances.Count == 0, scene.HasDefaultCamera);
    }

    [Fact]
    public async Task Import_ThenAdapt_BlenderSphereLandsWhereBlenderPutIt()
    {
        var imported = Succeeded(Import(Read("blender-scene.glb")));

        var adapted = await AdapterScenes.NewAdapter().BuildAsync(imported.Elements, new InMemoryBlobSource(imported.Blobs), CancellationToken.None);

        // Instances in traversal order: Cube, Sphere (under Pivot), Ground. Blender (0, 5, 1) is glTF (0, 1, −5).
        var sphere = adapted.Scene!.Description.Instances[1];
        var centre = Vector3.Transform(Vector3.Zero, sphere.Transform);
        Assert.True(Vector3.Distance(new Vector3(0, 1, -5), centre) < 1e-4f, centre.ToString());
    }

    [Fact]
    public async Task Import_ThenAdapt_BlendersPbrExtensionsReachTheRenderersMaterials()
    {
        // What Blender's exporter wrote (tests/TestData/gltf/make_blender_assets.py), read from the file itself.
        var file = Read("blender-materials.glb");
        using var json = System.Text.Json.JsonDocument.Parse(file.AsMemory(20, BitConverter.ToInt32(file, 12)));
        var written = json.RootElement.GetProperty("materials").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("extensions"));
        var volume = written["Glass"].GetProperty("KHR_materials_volume");
        var specularColor = written["Satin"].GetProperty("KHR_materials_specular").GetProperty("specularColorFactor")[0].GetSingle();
        var imported = Succeeded(Import(file));
        Assert.DoesNotContain(imported.Unsupported, u => u.Feature.Contains("KHR_materials", StringComparison.Ordinal));

        var adapted = await AdapterScenes.NewAdapter().BuildAsync(imported.Elements, new InMemoryBlobSource(imported.Blobs), CancellationToken.None);

        Assert.True(adapted.Succeeded, $"{adapted.Error}: {adapted.Message}");
        var materials = adapted.Scene!.Description.Materials;
        var glass = Assert.Single(materials, m => m.TransmissionFactor > 0);
        Assert.Equal(1f, glass.TransmissionFactor);
        Assert.Equal(1.33f, glass.Ior, 4);
        Assert.Equal(volume.GetProperty("thicknessFactor").GetSingle(), glass.ThicknessFactor); // solid: it refracts, not thin-walled
        Assert.Equal(volume.GetProperty("attenuationDistance").GetSingle(), glass.AttenuationDistance);
        Assert.Equal(new Vector3(0.9f, 0.6f, 0.3f), glass.AttenuationColor, new Vector3Tolerance(1e-6f));
        var paint = Assert.Single(materials, m => m.ClearcoatFactor > 0);
        Assert.Equal((1f, 0.1f), (paint.ClearcoatFactor, paint.ClearcoatRoughnessFactor), new TupleTolerance(1e-6f));
        var satin = Assert.Single(materials, m => m.EmissiveStrength != 1f);
        Assert.Equal(4f, satin.EmissiveStrength);
        Assert.Equal(new Vector3(1f, 0.5f, 0.25f), satin.EmissiveFactor, new Vector3Tolerance(1e-6f));
        Assert.Equal(new Vector3(specularColor), satin.SpecularColorFactor, new Vector3Tolerance(1e-6f));
        Assert.Equal(1.45f, satin.Ior, 4);
    }

    private sealed class Vector3Tolerance(float tolerance) : IEqualityComparer<Vector3>
    {
        public bool Equals(Vector3 x, Vector3 y) => Vector3.Distance(x, y) <= tolerance;

        public int GetHashCode(Vector3 obj) => 0;
    }

    private sealed class TupleTolerance(float tolerance) : IEqualityComparer<(float, float)>
    {
        public bool Equals((float, float) x, (float, float) y) => MathF.Abs(x.Item1 - y.Item1) <= tolerance && MathF.Abs(x.Item2 - y.Item2) <= tolerance;

        public int GetHashCode((float, float) obj) => 0;
    }
}
