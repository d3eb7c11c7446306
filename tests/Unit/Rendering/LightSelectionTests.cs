using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Lights;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class LightSelectionTests
{
    [Fact]
    public void OneStrongManyWeakLights_ImportanceSelection_SameMeanLowerVariance()
    {
        var description = ManyLights();
        var camera = new PerspectiveCamera(description.Camera, 24, 16);
        // Same expectation: per-pixel z-tests at 1024 samples (with fewer, uniform selection finds the
        // strong spot too rarely for its sample variance to be trusted).
        var importanceLong = Measure(description, LightSelection.Importance, 1024, seed: 5);
        PixelStatistics.AssertSameExpectation(importanceLong, Measure(description, LightSelection.Uniform, 1024, seed: 4), "importance vs uniform");
        PixelStatistics.AssertSameExpectation(importanceLong, Measure(description, LightSelection.Power, 1024, seed: 6), "importance vs power");

        // Lower variance at equal samples.
        var importance = Measure(description, LightSelection.Importance, 64, seed: 1);
        var uniform = Measure(description, LightSelection.Uniform, 64, seed: 2);
        var power = Measure(description, LightSelection.Power, 64, seed: 3);
        var vi = importance.Variance.Sum();
        var vu = uniform.Variance.Sum();
        var vp = power.Variance.Sum();
        Assert.True(vi < 0.25 * vu, $"summed per-pixel variance: importance {vi:G4}, uniform {vu:G4}");
        Assert.True(vi < 0.5 * vp, $"summed per-pixel variance: importance {vi:G4}, power {vp:G4}");

        PixelStatistics Measure(SceneDescription scene, LightSelection selection, int samples, uint seed) =>
            PixelStatistics.Measure(new PathIntegrator(RenderScene.Build(scene, null, selection), maxBounces: 2), camera, samples, seed);
    }

    [Fact]
    public void LightTree_PmfOfEachLight_MatchesHowOftenItIsPicked()
    {
        var scene = RenderScene.Build(ManyLights());
        var lights = scene.Lights;
        var stream = new OrleansBridge.Rendering.Sampling.SampleStream(5);
        // On the floor every light's probability adds up to 1. Above the quads (which face down) none of
        // them can light the point, but the bounds of the whole tree cannot tell from there: that share of
        // the picks finds no light (−1), which costs samples but no bias, as long as the probabilities of
        // the lights that are picked are right.
        foreach (var (p, n, complete) in new[] { (new Vector3(0f, 0f, 0f), Vector3.UnitY, true), (new Vector3(3f, 0f, -2f), Vector3.UnitY, true), (new Vector3(-4f, 1f, 1f), Vector3.Normalize(new Vector3(1f, 1f, 0f)), false) })
        {
            var total = 0.0;
            for (var entry = 0; entry < lights.Count; entry++)
            {
                total += lights.Pmf(entry, p, n);
            }

            Assert.InRange(total, complete ? 0.999 : 0.01, 1.001);
            const int N = 100_000;
            var counts = new int[lights.Count];
            var none = 0;
            for (var i = 0; i < N; i++)
            {
                var entry = lights.Pick(stream.Next(), p, n, out var pmf);
                if (entry < 0)
                {
                    none++;
                    continue;
                }

                Assert.Equal(lights.Pmf(entry, p, n), pmf, 4);
                counts[entry]++;
            }

            var expectedNone = N * (1 - total);
            Assert.True(Math.Abs(none - expectedNone) <= (5 * Math.Sqrt(expectedNone + 1)) + 1, $"at {p}: {none} picks found no light, expected {expectedNone:F0}");

            for (var entry = 0; entry < lights.Count; entry++)
            {
                var expected = N * lights.Pmf(entry, p, n);
                var sigma = Math.Sqrt(expected + 1);
                Assert.True(Math.Abs(counts[entry] - expected) <= (5 * sigma) + 1, $"at {p}: light {entry} picked {counts[entry]} times, expected {expected:F0}");
            }
        }
    }

    /// <summary>
    /// A floor lit by a strong spot at one end and 48 weak one-sided emissive quads spread over it facing
    /// down, plus a dim sun; the quads face the floor (their unlit backs face the camera): which light matters depends on where the shading point is.
    /// </summary>
    private static SceneDescription ManyLights()
    {
        var quad = new MeshData
        {
            Id = "quad",
            Positions = [new(-0.1f, 0f, -0.1f), new(0.1f, 0f, -0.1f), new(0.1f, 0f, 0.1f), new(-0.1f, 0f, 0.1f)],
            Indices = [0, 1, 2, 0, 2, 3],
        };
        var instances = new List<InstanceData> { new() { Mesh = 0, Material = 0 } };
        for (var i = 0; i < 48; i++)
        {
            var x = -5.5f + (i % 8 * 1.5f);
            var z = -4f + (i / 8 * 1.5f);
            instances.Add(new InstanceData { Mesh = 1, Material = 1, Transform = Matrix4x4.CreateTranslation(x, 0.4f, z) });
        }

        return new SceneDescription
        {
            Meshes = [ProceduralMeshes.Plane("floor", 14f), quad],
            Materials =
            [
                new MaterialData { BaseColorFactor = new(0.8f, 0.8f, 0.8f, 1f), MetallicFactor = 0f, RoughnessFactor = 0.6f },
                new MaterialData { BaseColorFactor = new(0f, 0f, 0f, 1f), EmissiveFactor = new(1f, 0.8f, 0.6f), EmissiveStrength = 20f },
            ],
            Instances = [.. instances],
            Lights =
            [
                new LightData { Kind = LightKind.Spot, Intensity = 20000f, InnerConeAngle = 0.3f, OuterConeAngle = 0.5f, Transform = Matrix4x4.CreateRotationX(-MathF.PI / 2f) * Matrix4x4.CreateTranslation(5f, 3f, 3f) },
                new LightData { Kind = LightKind.Directional, Intensity = 100f, Transform = Matrix4x4.CreateRotationX(-1f) },
            ],
            Camera = CameraData.LookAt(new Vector3(0f, 8f, 7f), new Vector3(0f, 0f, 0f), Vector3.UnitY, 1f),
        };
    }
}
