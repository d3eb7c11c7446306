using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

/// <summary>Glass and absorbing media through the whole path tracer, against analytic answers.</summary>
public sealed class TransmissionRenderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GlassSlab_NormalIncidence_TransmitsOneMinusFSquared(bool thinWalled)
    {
        // An emitter of radiance 1 seen head-on through a smooth slab of IOR 1.5: each face lets
        // 1 − F through, F = ((n − 1)/(n + 1))² = 0.04, so (1 − F)² = 0.9216 (two scattering events: the
        // paths that reflect inside the slab are cut by maxBounces 2). Refracting, the 1/η² of entering
        // and the η² of leaving cancel.
        var material = Glass(thinWalled ? 0f : 1f, Vector3.One, float.PositiveInfinity);
        var (mean, se) = MeanThroughSlab(material);
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(mean[c] - 0.9216) <= (4.5 * se[c]) + 1e-3, $"channel {c}: {mean[c]:F4} ± {se[c]:F4}, expected 0.9216");
        }
    }

    [Fact]
    public void AbsorbingSlab_NormalIncidence_FollowsBeerLambert()
    {
        // KHR_materials_volume: σ = −ln(attenuationColor)/attenuationDistance; through 1 unit of a medium
        // whose colour after 2 units is (0.25, 0.64, 1): exp(−σ·1) = (0.5, 0.8, 1), times (1 − F)².
        var material = Glass(1f, new Vector3(0.25f, 0.64f, 1f), 2f);
        var (mean, se) = MeanThroughSlab(material);
        double[] expected = [0.9216 * 0.5, 0.9216 * 0.8, 0.9216];
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(mean[c] - expected[c]) <= (4.5 * se[c]) + 1e-3, $"channel {c}: {mean[c]:F4} ± {se[c]:F4}, expected {expected[c]:F4}");
        }
    }

    [Fact]
    public void WhiteFurnace_GlassAndCoatedSpheres_NoPixelGainsEnergy()
    {
        // Non-absorbing white glass (refracting and thin-walled, smooth and rough) and a coated white
        // diffuse under a constant environment of 1: no pixel may exceed 1, and smooth glass loses
        // nothing, so the image stays close to 1 everywhere.
        var description = TestScenes.Furnace(
            Glass(1f, Vector3.One, float.PositiveInfinity),
            Glass(1f, Vector3.One, float.PositiveInfinity) with { RoughnessFactor = 0.3f },
            Glass(0f, Vector3.One, float.PositiveInfinity) with { RoughnessFactor = 0.2f },
            new MaterialData { MetallicFactor = 0f, RoughnessFactor = 0.5f, ClearcoatFactor = 1f, ClearcoatRoughnessFactor = 0.1f });
        description = description with { Instances = [.. description.Instances.SkipLast(1)] }; // no floor: everything is lit by the environment
        var scene = RenderScene.Build(description);
        var camera = new PerspectiveCamera(description.Camera, 24, 16);
        var stats = PixelStatistics.Measure(new PathIntegrator(scene, maxBounces: 24), camera, 64, seed: 5);
        for (var i = 0; i < stats.Mean.Length; i++)
        {
            Assert.True(stats.Mean[i] <= 1.0 + (5 * stats.StandardError(i)) + 1e-4, $"value {i / 3}: {stats.Mean[i]:F4} ± {stats.StandardError(i):F4} exceeds the furnace");
        }

        Assert.True(stats.Mean.Average() > 0.97, $"mean {stats.Mean.Average():F4}: glass and a coat over white absorb too much");
    }

    [Fact]
    public void WhiteFurnace_SheenSpheres_NoPixelGainsEnergy()
    {
        // KHR_materials_sheen over white: the albedo scaling takes from the base what the sheen adds,
        // so no pixel exceeds the furnace; sheen over a white diffuse, coloured and under a coat.
        var white = new MaterialData { MetallicFactor = 0f, RoughnessFactor = 1f };
        var description = TestScenes.Furnace(
            white with { SheenColorFactor = Vector3.One, SheenRoughnessFactor = 0.3f },
            white with { SheenColorFactor = new Vector3(1f, 0.5f, 0.2f), SheenRoughnessFactor = 0.8f },
            white with { RoughnessFactor = 0.5f, SheenColorFactor = Vector3.One, SheenRoughnessFactor = 0.5f, ClearcoatFactor = 1f, ClearcoatRoughnessFactor = 0.1f },
            white with { SheenColorFactor = Vector3.One, SheenRoughnessFactor = 0f });
        description = description with { Instances = [.. description.Instances.SkipLast(1)] };
        var scene = RenderScene.Build(description);
        var camera = new PerspectiveCamera(description.Camera, 24, 16);
        var stats = PixelStatistics.Measure(new PathIntegrator(scene, maxBounces: 24), camera, 64, seed: 7);
        for (var i = 0; i < stats.Mean.Length; i++)
        {
            Assert.True(stats.Mean[i] <= 1.0 + (5 * stats.StandardError(i)) + 2e-3, $"value {i / 3}: {stats.Mean[i]:F4} ± {stats.StandardError(i):F4} exceeds the furnace");
        }

        Assert.True(stats.Mean.Average() > 0.95, $"mean {stats.Mean.Average():F4}: sheen over white absorbs too much");
    }

    private static MaterialData Glass(float thickness, Vector3 attenuationColor, float attenuationDistance) => new()
    {
        BaseColorFactor = Vector4.One,
        MetallicFactor = 0f,
        RoughnessFactor = 0f,
        TransmissionFactor = 1f,
        Ior = 1.5f,
        ThicknessFactor = thickness,
        AttenuationColor = attenuationColor,
        AttenuationDistance = attenuationDistance,
    };

    /// <summary>Mean and standard error per channel over an 8 × 8 view, straight through a slab 1 thick, of an emitter behind it.</summary>
    private static (double[] Mean, double[] StandardError) MeanThroughSlab(MaterialData slab)
    {
        var emitter = new MeshData
        {
            Id = "emitter",
            Positions = [new(-3f, -3f, -3f), new(3f, -3f, -3f), new(3f, 3f, -3f), new(-3f, 3f, -3f)],
            Indices = [0, 1, 2, 0, 2, 3],
        };
        var description = new SceneDescription
        {
            Meshes = [Box("slab", new Vector3(2f, 2f, 0.5f)), emitter],
            Materials = [slab, new MaterialData { BaseColorFactor = new(0f, 0f, 0f, 1f), EmissiveFactor = Vector3.One }],
            Instances = [new InstanceData { Mesh = 0, Material = 0 }, new InstanceData { Mesh = 1, Material = 1 }],
            Camera = CameraData.LookAt(new Vector3(0f, 0f, 20f), Vector3.Zero, Vector3.UnitY, 0.05f),
        };
        var scene = RenderScene.Build(description);
        var camera = new PerspectiveCamera(description.Camera, 8, 8);
        var stats = PixelStatistics.Measure(new PathIntegrator(scene, maxBounces: 2), camera, 256, seed: 9);
        var mean = new double[3];
        var variance = new double[3];
        var pixels = stats.Width * stats.Height;
        for (var i = 0; i < stats.Mean.Length; i++)
        {
            mean[i % 3] += stats.Mean[i] / pixels;
            variance[i % 3] += stats.Variance[i] / pixels;
        }

        return (mean, [.. variance.Select(v => Math.Sqrt(v / (pixels * (double)stats.Samples)))]);
    }

    /// <summary>A closed box of half extents <paramref name="half"/> around the origin, faces wound counter-clockwise from outside.</summary>
    private static MeshData Box(string id, Vector3 half)
    {
        var positions = new List<Vector3>();
        var indices = new List<int>();
        Face(Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ);
        Face(-Vector3.UnitX, Vector3.UnitY, -Vector3.UnitZ);
        Face(Vector3.UnitZ, Vector3.UnitX, Vector3.UnitY);
        Face(-Vector3.UnitZ, Vector3.UnitX, -Vector3.UnitY);
        Face(Vector3.UnitY, Vector3.UnitZ, Vector3.UnitX);
        Face(-Vector3.UnitY, Vector3.UnitZ, -Vector3.UnitX);
        return new MeshData { Id = id, Positions = [.. positions], Indices = [.. indices] };

        // A face with outward normal n = cross(u, v).
        void Face(Vector3 u, Vector3 v, Vector3 n)
        {
            var start = positions.Count;
            foreach (var (a, b) in new[] { (-1f, -1f), (1f, -1f), (1f, 1f), (-1f, 1f) })
            {
                positions.Add(half * (n + (a * u) + (b * v)));
            }

            indices.AddRange([start, start + 1, start + 2, start, start + 2, start + 3]);
        }
    }
}
