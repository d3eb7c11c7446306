using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class FireflyFilterTests
{
    [Fact]
    public void ClampIndirect_SmallBrightLightSeenThroughGlossyBounce_LowersVarianceAndOnlyDarkens()
    {
        var (scene, camera) = CausticScene();
        var plain = PixelStatistics.Measure(new PathIntegrator(scene, 6), camera, 64, seed: 1);
        var clamped = PixelStatistics.Measure(new PathIntegrator(scene, 6, filter: new FireflyFilter(0f, 10f, 0f)), camera, 64, seed: 1);

        // The caustic paths (floor → mirror-like sphere → tiny light) carry rare, huge values: the clamp
        // bounds each indirect contribution's RGB sum by 10, which removes most of the variance.
        var plainVariance = plain.Variance.Sum();
        var clampedVariance = clamped.Variance.Sum();
        Assert.True(clampedVariance < 0.2 * plainVariance, $"summed per-pixel variance: clamped {clampedVariance:G4}, plain {plainVariance:G4}");

        // A clamp only removes energy: no pixel gets brighter beyond noise, and the image as a whole is darker.
        for (var i = 0; i < plain.Mean.Length; i++)
        {
            var se = Math.Sqrt((plain.Variance[i] / plain.Samples) + (clamped.Variance[i] / clamped.Samples));
            Assert.True(clamped.Mean[i] <= plain.Mean[i] + (5 * se) + 1e-6, $"value {i / 3}: clamped {clamped.Mean[i]:G4} > plain {plain.Mean[i]:G4} ± {se:G3}");
        }

        Assert.True(clamped.Mean.Sum() < plain.Mean.Sum(), $"clamped total {clamped.Mean.Sum():G4}, plain {plain.Mean.Sum():G4}");
    }

    [Fact]
    public void ClampIndirect_LeavesLightScatteredOnce_EvenWhenTheFirstHitsBsdfSampleFindsIt()
    {
        var (scene, camera) = CausticScene();

        // One bounce: the floor's and the wall's next-event estimates, and the light their BSDF samples reach
        // (the light seen in the metal wall): all direct, as Cycles counts them, so an indirect clamp far
        // below every contribution changes nothing.
        var once = PixelStatistics.Measure(new PathIntegrator(scene, 1), camera, 16, seed: 5);
        var onceClamped = PixelStatistics.Measure(new PathIntegrator(scene, 1, filter: new FireflyFilter(0f, 1e-3f, 0f)), camera, 16, seed: 5);
        Assert.Equal(once.Mean, onceClamped.Mean);
        Assert.True(once.Mean.Sum() > 0, "the one-bounce image is lit");

        // Two bounces: floor → wall → light reaches the light from the second vertex: indirect, clamped.
        var twice = PixelStatistics.Measure(new PathIntegrator(scene, 2), camera, 16, seed: 5);
        var twiceClamped = PixelStatistics.Measure(new PathIntegrator(scene, 2, filter: new FireflyFilter(0f, 1e-3f, 0f)), camera, 16, seed: 5);
        Assert.True(twiceClamped.Mean.Sum() < twice.Mean.Sum() - once.Mean.Sum() * 1e-3, $"two bounces: clamped {twiceClamped.Mean.Sum():G6}, plain {twice.Mean.Sum():G6}");
    }

    [Fact]
    public void ZeroClampAndZeroFilter_RenderOptions_GiveTheUnfilteredImage()
    {
        var (scene, camera) = CausticScene();
        var options = new RenderOptions
        {
            Width = camera.Width, Height = camera.Height, SamplesPerPixel = 8, MaxBounces = 6, ClampIndirect = 0f, FilterGlossy = 0f, Seed = 2, PixelFilter = camera.PixelFilterWidth,
        };
        Assert.Equal(FireflyFilter.None, options.Filter);
        var off = new ProgressiveRenderer(scene, camera.Data, options);
        off.RenderToCompletion(8);
        var defaults = new ProgressiveRenderer(scene, camera.Data, options with { ClampIndirect = 10f, FilterGlossy = 1f });
        defaults.RenderToCompletion(8);

        var film = new AccumulationBuffer(camera.Width, camera.Height);
        new PathIntegrator(scene, 6).Render(film, camera, 8, options, CancellationToken.None);
        Assert.Equal(film.Resolve().Pixels, off.Film.Resolve().Pixels);
        Assert.NotEqual(film.Resolve().Pixels, defaults.Film.Resolve().Pixels);
        Assert.Equal(FireflyFilter.CyclesDefaults, new RenderOptions().Filter);
    }

    [Fact]
    public void FilterGlossy_LeavesCameraHitsAlone_AndBlursAfterADiffuseBounce()
    {
        var (scene, camera) = CausticScene();

        // One bounce: every shading point is a camera hit, whose path has no blurry sample yet.
        var direct = PixelStatistics.Measure(new PathIntegrator(scene, 1), camera, 16, seed: 3);
        var directFiltered = PixelStatistics.Measure(new PathIntegrator(scene, 1, filter: new FireflyFilter(0f, 0f, 1f)), camera, 16, seed: 3);
        Assert.Equal(direct.Mean, directFiltered.Mean);

        // Deeper: the sphere seen from the diffuse floor is blurred, which spreads the caustic's spikes.
        var plain = PixelStatistics.Measure(new PathIntegrator(scene, 6), camera, 64, seed: 4);
        var filtered = PixelStatistics.Measure(new PathIntegrator(scene, 6, filter: new FireflyFilter(0f, 0f, 1f)), camera, 64, seed: 4);
        Assert.True(filtered.Variance.Sum() < 0.5 * plain.Variance.Sum(), $"summed variance: filtered {filtered.Variance.Sum():G4}, plain {plain.Variance.Sum():G4}");
    }

    /// <summary>
    /// A diffuse floor seen from straight above, and out of view a glossy metal wall and a small, very
    /// bright light: the floor receives the light's glossy reflection (a caustic), which camera → floor →
    /// wall → light paths find by BSDF sampling with rare, huge values.
    /// </summary>
    private static (RenderScene Scene, PerspectiveCamera Camera) CausticScene()
    {
        var quad = new MeshData
        {
            Id = "quad",
            Positions = [new(-0.1f, 0f, -0.1f), new(0.1f, 0f, -0.1f), new(0.1f, 0f, 0.1f), new(-0.1f, 0f, 0.1f)],
            Indices = [0, 1, 2, 0, 2, 3],
        };
        var description = new SceneDescription
        {
            Meshes = [ProceduralMeshes.Plane("plane", 10f), quad],
            Materials =
            [
                new MaterialData { BaseColorFactor = new(0.8f, 0.8f, 0.8f, 1f), MetallicFactor = 0f, RoughnessFactor = 1f },
                new MaterialData { BaseColorFactor = new(0.95f, 0.95f, 0.95f, 1f), MetallicFactor = 1f, RoughnessFactor = 0.15f },
                new MaterialData { BaseColorFactor = new(0f, 0f, 0f, 1f), EmissiveFactor = Vector3.One, EmissiveStrength = 300f, DoubleSided = true },
            ],
            Instances =
            [
                new InstanceData { Mesh = 0, Material = 0 },
                new InstanceData { Mesh = 0, Material = 1, Transform = Matrix4x4.CreateRotationZ(MathF.PI / 2f) * Matrix4x4.CreateTranslation(1.5f, 0f, 0f) },
                new InstanceData { Mesh = 1, Material = 2, Transform = Matrix4x4.CreateRotationZ(MathF.PI / 2f) * Matrix4x4.CreateTranslation(0.5f, 2f, 0f) },
            ],
            Camera = CameraData.LookAt(new Vector3(-1f, 3f, 0f), new Vector3(-1f, 0f, 0f), -Vector3.UnitZ, 0.8f),
        };
        return (RenderScene.Build(description), new PerspectiveCamera(description.Camera, 16, 12));
    }
}
