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
}
