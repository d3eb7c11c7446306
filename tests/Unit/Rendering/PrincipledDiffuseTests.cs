using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;
using static OrleansBridge.Tests.Rendering.BsdfEstimates;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// <see cref="DiffuseModel.PrincipledV1"/>: Burley's diffuse as Blender's Principled BSDF v1 has it, checked
/// against the formula in Disney's form, against the albedo `principled_albedo.py` integrates, and end to end.
/// </summary>
public sealed class PrincipledDiffuseTests
{
    private static readonly BsdfLayers NoSpecular = new(0f, 1.5f, false, false, 0f, 0f, 0f, Vector3.One, Vector3.Zero, 0f);

    [Theory]
    [InlineData(1f, 0.9f, 0.2f)]
    [InlineData(0.5f, 0.3f, 0.8f)]
    [InlineData(0.1f, 0.1f, 0.1f)]
    public void Evaluate_WithoutSpecular_IsDisneysDiffuse(float roughness, float cosO, float cosI)
    {
        var colour = new Vector3(0.73f, 0.5f, 0.2f);
        var bsdf = new GltfBsdf(colour, 0f, roughness, NoSpecular, diffuse: DiffuseModel.PrincipledV1);
        var stream = new SampleStream(3);
        for (var i = 0; i < 20; i++)
        {
            var phi = 2f * MathF.PI * stream.Next();
            var (wo, wi) = (Direction(cosO, 0f), Direction(cosI, phi));

            // Disney 2012: f = c/π · (1 + (F_D90 − 1)(1 − cos θl)⁵)(1 + (F_D90 − 1)(1 − cos θv)⁵), F_D90 = ½ + 2·r·cos²θd.
            var h = Vector3.Normalize(wo + wi);
            var cosD = Vector3.Dot(wi, h);
            var fd90 = 0.5f + (2f * roughness * cosD * cosD);
            var expected = colour / MathF.PI * (1f + ((fd90 - 1f) * MathF.Pow(1f - cosI, 5f))) * (1f + ((fd90 - 1f) * MathF.Pow(1f - cosO, 5f)));

            var f = bsdf.Evaluate(wo, wi);
            Assert.True(Vector3.Distance(expected, f) < 1e-5f * expected.Length(), $"φ {phi}: {f} against {expected}");
        }
    }

    [Fact]
    public void RoughSurface_HeadOn_ReflectsMoreThanGltfsLobe_AsPrincipledAlbedoPyIntegrates()
    {
        // bench/Rendering/Cycles/principled_albedo.py, "cornell white" (0.73, roughness 1, specular 0): 0.7561 / 0.7302 head-on.
        const float roughness = 1f;
        const double gainOverGltf = 0.0357;
        var white = new Vector3(0.73f);
        var gltf = Albedo(new GltfBsdf(white, 0f, roughness, NoSpecular), Vector3.UnitZ, 200_000, seed: 11);
        var principled = Albedo(new GltfBsdf(white, 0f, roughness, NoSpecular, diffuse: DiffuseModel.PrincipledV1), Vector3.UnitZ, 200_000, seed: 11);

        Assert.Equal(0.73, gltf.Mean, 2);
        Assert.True(Math.Abs((principled.Mean / gltf.Mean) - 1 - gainOverGltf) < 0.015 + (4 * principled.StandardError / principled.Mean), $"Principled {principled.Mean:F4} ± {principled.StandardError:F4}, glTF {gltf.Mean:F4}");
    }

    [Fact]
    public void Renderer_Option_BrightensARoughSceneSeenAtGrazingAngles_AndRunsOnTheGpuToo()
    {
        var description = TestScenes.Mixed();
        var (scene, camera) = (RenderScene.Build(description), description.Camera);
        var options = new RenderOptions { Width = 48, Height = 32, SamplesPerPixel = 16, Seed = 3 };
        var gltf = new ProgressiveRenderer(scene, camera, options);
        gltf.RenderToCompletion(16);
        var principled = new ProgressiveRenderer(scene, camera, options with { Diffuse = DiffuseModel.PrincipledV1 });
        principled.RenderToCompletion(16);

        var (a, b) = (gltf.Film.Resolve().Pixels.Average(), principled.Film.Resolve().Pixels.Average());
        Assert.True(b > a * 1.01, $"Principled mean {b:F5}, glTF {a:F5}");
        Assert.Null(OrleansBridge.Rendering.Gpu.GpuSupport.Refusal(scene, options with { Diffuse = DiffuseModel.PrincipledV1 }));
    }
}
