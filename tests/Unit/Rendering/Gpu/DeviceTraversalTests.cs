using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Gpu;
using OrleansBridge.Rendering.Gpu.Kernels;

namespace OrleansBridge.Tests.Rendering.Gpu;

public sealed class DeviceTraversalTests
{
    [Fact]
    public void DeviceTraversal_OnTheUploadedBvh_FindsTheCpuHits()
    {
        // The kernel walks the CPU builder's own nodes and packs, uploaded bit for bit: every random ray
        // must find the same instance, triangle and distance as RenderScene.Intersect, and occlusion agree.
        var description = TestScenes.Mixed();
        var scene = RenderScene.Build(description);
        var backend = GpuTestDevices.CpuAccelerator;
        using var uploaded = backend.Upload(GpuSceneArrays.Build(scene));
        var random = new Random(4);
        const int Rays = 3000;
        var rays = new float[6 * Rays];
        var cpu = new SurfaceHit[Rays];
        for (var i = 0; i < Rays; i++)
        {
            var origin = new Vector3((random.NextSingle() * 8f) - 4f, (random.NextSingle() * 5f) - 0.5f, (random.NextSingle() * 8f) - 4f);
            var target = new Vector3((random.NextSingle() * 4f) - 2f, random.NextSingle() * 2.5f, (random.NextSingle() * 4f) - 2f);
            var direction = Vector3.Normalize(target - origin);
            new[] { origin.X, origin.Y, origin.Z, direction.X, direction.Y, direction.Z }.CopyTo(rays, 6 * i);
            cpu[i] = SurfaceHit.Miss(float.PositiveInfinity);
            scene.Intersect(new Ray(origin, direction), ref cpu[i]);
        }

        var accelerator = backend.Accelerator;
        using var input = accelerator.Allocate1D(rays);
        using var output = accelerator.Allocate1D<float>(4 * Rays);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, DeviceScene, ArrayView<float>, ArrayView<float>>(Trace);
        kernel(Rays, uploaded.View, input.View, output.View);
        accelerator.Synchronize();
        var device = output.GetAsArray1D();

        var hits = 0;
        for (var i = 0; i < Rays; i++)
        {
            var (t, instance, primitive, occluded) = (device[4 * i], (int)device[(4 * i) + 1], (int)device[(4 * i) + 2], device[(4 * i) + 3] != 0f);
            Assert.True(cpu[i].IsHit == (instance >= 0), $"ray {i}: cpu {(cpu[i].IsHit ? "hit" : "miss")}, device {(instance >= 0 ? "hit" : "miss")}");
            Assert.Equal(cpu[i].IsHit, occluded);
            if (cpu[i].IsHit)
            {
                hits++;
                Assert.Equal((cpu[i].Instance, cpu[i].Primitive), (instance, primitive));
                Assert.Equal(cpu[i].T, t, 1e-4f * cpu[i].T);
            }
        }

        Assert.InRange(hits, Rays / 2, Rays - 1);
    }

    private static void Trace(Index1D index, DeviceScene scene, ArrayView<float> rays, ArrayView<float> output)
    {
        var r = 6 * index;
        var ray = new DeviceRay(new Float3(rays[r], rays[r + 1], rays[r + 2]), new Float3(rays[r + 3], rays[r + 4], rays[r + 5]));
        var hit = DeviceHit.Miss(float.PositiveInfinity);
        DeviceTraversal.Trace(scene, ray, ref hit, anyHit: false);
        var shadow = DeviceHit.Miss(float.PositiveInfinity);
        output[4 * index] = hit.T;
        output[(4 * index) + 1] = hit.Instance;
        output[(4 * index) + 2] = hit.Primitive;
        output[(4 * index) + 3] = DeviceTraversal.Trace(scene, ray, ref shadow, anyHit: true) ? 1f : 0f;
    }
}
