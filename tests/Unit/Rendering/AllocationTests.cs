using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class AllocationTests
{
    [Fact]
    public void PathSamplesAndRayQueries_AllocateNothing()
    {
        // Alpha-masked, textured and instanced geometry, area, point and environment lights: every code
        // path of a sample runs, and none may allocate on the managed heap.
        var description = TestScenes.Mixed() with
        {
            Textures = [new TextureData { Width = 2, Height = 1, Rgba8 = [255, 255, 255, 0, 200, 100, 50, 255] }],
        };
        description = description with
        {
            Materials = [.. description.Materials, new MaterialData { BaseColorTexture = 0, AlphaMode = AlphaMode.Mask, EmissiveTexture = 0, EmissiveFactor = new(0.5f, 0.5f, 0.5f) }],
            Instances = [.. description.Instances, new InstanceData { Mesh = 1, Material = description.Materials.Count, Transform = System.Numerics.Matrix4x4.CreateScale(0.3f) * System.Numerics.Matrix4x4.CreateTranslation(0f, 2f, 0f) }],
        };
        var scene = RenderScene.Build(description);
        var camera = new PerspectiveCamera(description.Camera, 16, 12);
        var integrator = new PathIntegrator(scene);

        void RenderAll()
        {
            for (var n = 0; n < 4; n++)
            {
                for (var y = 0; y < camera.Height; y++)
                {
                    for (var x = 0; x < camera.Width; x++)
                    {
                        var sampler = new PixelSampler(0, x, y, n);
                        var ray = camera.GenerateRay(x, y, ref sampler);
                        integrator.Li(ray, ref sampler);
                        var hit = SurfaceHit.Miss(float.PositiveInfinity);
                        scene.Intersect(ray, ref hit);
                        scene.Occluded(ray, 10f);
                    }
                }
            }
        }

        RenderAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        RenderAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
