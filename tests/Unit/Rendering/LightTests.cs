using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Lights;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class LightTests
{
    private static readonly Vector3 BaseColor = new(0.8f, 0.5f, 0.25f);

    private static readonly Dictionary<string, LightData> LightCases = new()
    {
        ["point"] = new LightData { Kind = LightKind.Point, Intensity = 150f, Color = new(1f, 0.8f, 0.6f), Transform = Matrix4x4.CreateTranslation(0.4f, 1.5f, -0.3f) },
        ["spot"] = new LightData { Kind = LightKind.Spot, Intensity = 400f, InnerConeAngle = 0.3f, OuterConeAngle = 0.7f, Transform = Matrix4x4.CreateRotationX(-MathF.PI / 2f) * Matrix4x4.CreateTranslation(0.2f, 2f, 0f) },
        ["directional"] = new LightData { Kind = LightKind.Directional, Intensity = 1000f, Transform = Matrix4x4.CreateRotationX(-1.1f) * Matrix4x4.CreateRotationY(0.4f) },
        ["point with range"] = new LightData { Kind = LightKind.Point, Intensity = 80f, Range = 2.5f, Transform = Matrix4x4.CreateTranslation(0f, 1f, 0f) },
    };

    public static TheoryData<string> Lights => [.. LightCases.Keys];

    [Theory]
    [MemberData(nameof(Lights))]
    public void PunctualLight_OverGlossyPlane_MatchesAnalyticRadiance(string name)
    {
        var light = LightCases[name];
        // One bounce, one delta light, no environment: every sample is exactly f · (I/683) · cosθ / r²
        // (or f · (E/683) · cosθ for the sun), so each sample is compared, not just the pixel mean.
        var scene = RenderScene.Build(new SceneDescription
        {
            Meshes = [ProceduralMeshes.Plane("plane", 40f)],
            Materials = [new MaterialData { BaseColorFactor = new(BaseColor, 1f), MetallicFactor = 0.3f, RoughnessFactor = 0.6f }],
            Instances = [new InstanceData { Mesh = 0, Material = 0 }],
            Lights = [light],
        });
        var camera = new PerspectiveCamera(CameraData.LookAt(new(0.5f, 4f, 1f), Vector3.Zero, -Vector3.UnitZ, 1.2f), 16, 12);
        var integrator = new PathIntegrator(scene, maxBounces: 1);
        var lit = 0;
        for (var y = 0; y < camera.Height; y++)
        {
            for (var x = 0; x < camera.Width; x++)
            {
                var sampler = new PixelSampler(1, x, y, 0);
                var ray = camera.GenerateRay(x, y, ref sampler);
                var actual = integrator.Li(ray, ref sampler);
                var expected = Expected(light, ray.Origin + (-ray.Origin.Y / ray.Direction.Y * ray.Direction), -ray.Direction);
                // 0.1%: the renderer reads its GGX albedo table, the reference integrates its own albedos
                // (they agree within 3·10⁻⁴ here; the table's interpolation error can reach 2.5·10⁻³ in E,
                // BsdfTests, but only a fraction of it reaches f); a unit or geometry error is far larger.
                var tolerance = (1e-3f * expected.Length()) + 1e-7f;
                Assert.True(Vector3.Distance(actual, expected) <= tolerance, $"pixel ({x}, {y}): rendered {actual}, analytic {expected}");
                lit += expected.X > 0f ? 1 : 0;
            }
        }

        Assert.True(lit > 20, $"only {lit} pixels lit: the test would not see much");
    }

    [Fact]
    public void SpotLight_ConeAngles_FollowGltfFalloff()
    {
        // A spot pointing down from 1 m: points on the floor at angle θ off the axis.
        var spot = new LightData { Kind = LightKind.Spot, Intensity = 683f, InnerConeAngle = 0.2f, OuterConeAngle = 0.5f, Transform = Matrix4x4.CreateRotationX(-MathF.PI / 2f) * Matrix4x4.CreateTranslation(0f, 1f, 0f) };
        Assert.True(Vector3.Distance(-Vector3.UnitY, spot.Direction) < 1e-6f, $"glTF lights shine along local −Z; got {spot.Direction}");
        var light = new PunctualLight(spot);
        foreach (var (theta, attenuation) in new[] { (0f, 1f), (0.19f, 1f), (0.35f, -1f), (0.5f, 0f), (0.8f, 0f) })
        {
            var point = new Vector3(MathF.Tan(theta), 0f, 0f);
            var e = light.Illuminate(point, out var wi, out var distance);
            Assert.Equal(1f / MathF.Cos(theta), distance, 5);
            Assert.True(Vector3.Distance(Vector3.Normalize(spot.Position - point), wi) < 1e-6f);
            // 683 cd is 1 W/sr: radiance-free irradiance factor I/d² times the cone falloff.
            var expected = (attenuation >= 0f ? attenuation : GltfReference.SpotAttenuation(0.2f, 0.5f, MathF.Cos(theta))) / (distance * distance);
            Assert.Equal(expected, e.X, 5);
        }

        // Between the cones the falloff is strictly between 0 and 1 (smoothstep squared).
        Assert.InRange(light.SpotFalloff(MathF.Cos(0.35f)), 0.05f, 0.95f);
    }

    [Fact]
    public void Photometry_DividesBy683()
    {
        Assert.Equal(1f, Photometry.RadiantIntensity(683f));
        Assert.Equal(2f, Photometry.Irradiance(1366f));
        var sun = new PunctualLight(new LightData { Kind = LightKind.Directional, Intensity = 68.3f, Color = new(1f, 0.5f, 0f) });
        Assert.Equal(new Vector3(0.1f, 0.05f, 0f), sun.Illuminate(Vector3.Zero, out var wi, out var d));
        Assert.Equal(Vector3.UnitZ, wi);
        Assert.True(float.IsPositiveInfinity(d));
    }

    private static Vector3 Expected(LightData light, Vector3 p, Vector3 v)
    {
        Vector3 wi;
        float irradianceScale;
        var color = light.Color;
        if (light.Kind == LightKind.Directional)
        {
            wi = -light.Direction;
            irradianceScale = light.Intensity / 683f;
        }
        else
        {
            var d = light.Position - p;
            var r2 = d.LengthSquared();
            wi = d / MathF.Sqrt(r2);
            irradianceScale = light.Intensity / 683f / r2;
            if (light.Range is { } range)
            {
                irradianceScale *= Math.Clamp(1f - MathF.Pow(MathF.Sqrt(r2) / range, 4f), 0f, 1f);
            }

            if (light.Kind == LightKind.Spot)
            {
                irradianceScale *= GltfReference.SpotAttenuation(light.InnerConeAngle, light.OuterConeAngle, Vector3.Dot(light.Direction, -wi));
            }
        }

        var cos = MathF.Max(0f, wi.Y);
        return GltfReference.EnergyCompensatedBrdf(BaseColor, 0.3f, 0.6f, Vector3.UnitY, Vector3.Normalize(v), wi) * color * (irradianceScale * cos);
    }
}
