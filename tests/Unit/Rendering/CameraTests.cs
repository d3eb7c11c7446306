using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class CameraTests
{
    [Fact]
    public void IdentityCamera_LooksDownMinusZ_YUp_XRight()
    {
        var camera = new PerspectiveCamera(new CameraData { YFov = 1f, ZNear = 0f }, 200, 100);
        AssertDirection(-Vector3.UnitZ, camera.RayThrough(100f, 50f, default).Direction);

        // yfov is vertical: the top-centre edge of the film is yfov/2 above the axis; row 0 is the top.
        var top = camera.RayThrough(100f, 0f, default).Direction;
        Assert.Equal(0.5f, MathF.Atan2(top.Y, -top.Z), 5);
        Assert.True(top.Y > 0f);

        // With a 2:1 image the horizontal half-angle is atan(2·tan(yfov/2)); column 0 is −X.
        var right = camera.RayThrough(200f, 50f, default).Direction;
        Assert.Equal(MathF.Atan(2f * MathF.Tan(0.5f)), MathF.Atan2(right.X, -right.Z), 5);
        Assert.True(camera.RayThrough(0f, 50f, default).Direction.X < 0f);
    }

    [Fact]
    public void AspectRatio_WhenGiven_SetsTheHorizontalExtent()
    {
        var camera = new PerspectiveCamera(new CameraData { YFov = 1f, AspectRatio = 1f, ZNear = 0f }, 200, 100);
        var right = camera.RayThrough(200f, 50f, default).Direction;
        Assert.Equal(0.5f, MathF.Atan2(right.X, -right.Z), 5);
    }

    [Fact]
    public void LookAt_NodeTransform_PointsTheMinusZAxisAtTheTarget()
    {
        var eye = new Vector3(3f, 2f, 5f);
        var data = CameraData.LookAt(eye, new Vector3(-1f, 0f, 1f), Vector3.UnitY, 0.7f);
        Assert.True(Vector3.Distance(eye, data.Position) < 1e-5f);
        AssertDirection(Vector3.Normalize(new Vector3(-4f, -2f, -4f)), data.Forward);
        var camera = new PerspectiveCamera(data, 64, 64);
        AssertDirection(data.Forward, camera.RayThrough(32f, 32f, default).Direction);
        // Up in the image is up in the world.
        Assert.True(camera.RayThrough(32f, 0f, default).Direction.Y > data.Forward.Y);
    }

    [Fact]
    public void ThinLens_RaysThroughOnePixel_MeetOnTheFocusPlane()
    {
        var camera = new PerspectiveCamera(new CameraData { YFov = 0.8f, Aperture = 0.2f, FocusDistance = 4f, ZNear = 0f }, 32, 32);
        var reference = camera.RayThrough(7.5f, 20.25f, new Vector2(0.5f, 0.5f));
        var focus = reference.At(4f / -reference.Direction.Z);
        foreach (var lens in new[] { new Vector2(0.1f, 0.2f), new Vector2(0.9f, 0.7f), new Vector2(0.3f, 0.95f) })
        {
            var ray = camera.RayThrough(7.5f, 20.25f, lens);
            Assert.True(ray.Origin.Length() <= 0.1001f && ray.Origin.Length() > 0f);
            var point = ray.At((4f + ray.Origin.Z) / -ray.Direction.Z);
            Assert.True(Vector3.Distance(focus, point) < 1e-4f, $"lens sample {lens} focuses at {point}, pinhole at {focus}");
        }
    }

    [Fact]
    public void ZNear_IsADepthAlongTheViewAxis()
    {
        var camera = new PerspectiveCamera(new CameraData { YFov = 1.2f, ZNear = 0.5f }, 16, 16);
        foreach (var (x, y) in new[] { (8f, 8f), (0f, 0f), (16f, 3f) })
        {
            Assert.Equal(-0.5f, camera.RayThrough(x, y, default).Origin.Z, 5);
        }
    }

    [Fact]
    public void Render_EmitterUpperRight_AppearsInTheUpperRightOfTheImage()
    {
        // An emissive square covering x in [0, 4], y in [0, 4] at z = −5 (facing +Z, the camera).
        var square = new MeshData
        {
            Id = "square",
            Positions = [new(0, 0, -5), new(4, 0, -5), new(4, 4, -5), new(0, 4, -5)],
            Indices = [0, 1, 2, 0, 2, 3],
        };
        var scene = RenderScene.Build(new SceneDescription
        {
            Meshes = [square],
            Materials = [new MaterialData { BaseColorFactor = new(0, 0, 0, 1), EmissiveFactor = new(1f, 0.5f, 0.25f), EmissiveStrength = 2f }],
            Instances = [new InstanceData { Mesh = 0, Material = 0 }],
        });
        var options = new RenderOptions { Width = 16, Height = 16, SamplesPerPixel = 4 };
        var renderer = new ProgressiveRenderer(scene, new CameraData { YFov = 1.2f }, options);
        renderer.RenderToCompletion(samplesPerPass: 4);
        var image = renderer.Film.Resolve();

        Assert.Equal(new Vector3(2f, 1f, 0.5f), image[12, 3]);
        Assert.Equal(Vector3.Zero, image[3, 3]);
        Assert.Equal(Vector3.Zero, image[12, 12]);
        Assert.Equal(Vector3.Zero, image[3, 12]);
    }

    private static void AssertDirection(Vector3 expected, Vector3 actual) =>
        Assert.True(Vector3.Distance(expected, actual) < 1e-5f, $"expected direction {expected}, got {actual}");
}
