using System.Numerics;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Elements;
using static OrleansBridge.Tests.Rendering.Adapter.AdapterScenes;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>Element → description mapping, case by case, as docs/rendering.md's adapter table says.</summary>
public sealed class SceneAdapterTests
{
    private readonly TestBlobs _blobs = new();

    private async Task<AdaptedScene> AdaptAsync(Dictionary<string, SceneElement> elements)
    {
        var result = await NewAdapter().BuildAsync(elements, _blobs.Source, CancellationToken.None);
        Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");
        return result.Scene!;
    }

    [Fact]
    public async Task BuildAsync_NestedGroups_MultiplyTransformsChildFirst()
    {
        var groupMove = Matrix4x4.CreateRotationY(MathF.PI / 2) * Matrix4x4.CreateTranslation(5, 0, 0);
        var childMove = Matrix4x4.CreateScale(2) * Matrix4x4.CreateTranslation(0, 1, 0);
        var scene = await AdaptAsync(new()
        {
            ["quad"] = Quad(_blobs),
            ["child"] = new InstanceElement("quad", Columns(childMove)),
            ["inner"] = new GroupElement(["child"]),
            ["innerPlaced"] = new InstanceElement("inner"),
            ["outer"] = new GroupElement(["innerPlaced"]),
            ["outerPlaced"] = new InstanceElement("outer", Columns(groupMove)),
            ["scene"] = new SceneRootElement(["outerPlaced"]),
        });

        var instance = Assert.Single(scene.Description.Instances);
        Assert.Equal(childMove * groupMove, instance.Transform);
        // The child's origin (0,1,0) after the group's rotation and move lands at (5,1,0); its +X corner (2·1) turns to −Z.
        Assert.Equal(new Vector3(5, 1, 0), Vector3.Transform(Vector3.Zero, instance.Transform));
        var corner = Vector3.Transform(new Vector3(1, 0, 0), instance.Transform);
        Assert.True(Vector3.Distance(new Vector3(5, 1, -2), corner) < 1e-5f, corner.ToString());
    }

    [Fact]
    public async Task BuildAsync_Materials_OverrideThenMeshMaterialThenDefault()
    {
        var scene = await AdaptAsync(new()
        {
            ["red"] = new MaterialElement(BaseColorFactor: [1, 0, 0, 1], MetallicFactor: 0, RoughnessFactor: 0.25f, AlphaMode: "mask", AlphaCutoff: 0.3f, DoubleSided: true),
            ["blue"] = new MaterialElement(BaseColorFactor: [0, 0, 1, 0.5f], EmissiveFactor: [1, 0.5f, 0], EmissiveStrength: 3, AlphaMode: "blend"),
            ["withRed"] = Quad(_blobs, "red"),
            ["plain"] = Triangle(_blobs),
            ["a"] = new InstanceElement("withRed"),
            ["b"] = new InstanceElement("withRed", MaterialOverride: "blue"),
            ["c"] = new InstanceElement("plain"),
            ["scene"] = new SceneRootElement(["a", "b", "c"]),
        });

        var d = scene.Description;
        Assert.Equal(3, d.Instances.Count);
        var red = d.Materials[d.Instances[0].Material!.Value];
        var blue = d.Materials[d.Instances[1].Material!.Value];
        Assert.Null(d.Instances[2].Material);
        Assert.Equal(new Vector4(1, 0, 0, 1), red.BaseColorFactor);
        Assert.Equal((0f, 0.25f, AlphaMode.Mask, 0.3f, true), (red.MetallicFactor, red.RoughnessFactor, red.AlphaMode, red.AlphaCutoff, red.DoubleSided));
        Assert.Equal((new Vector3(1, 0.5f, 0), 3f, AlphaMode.Blend, 1f), (blue.EmissiveFactor, blue.EmissiveStrength, blue.AlphaMode, blue.MetallicFactor));
        Assert.Equal(2, d.Materials.Count);
        Assert.Equal(d.Instances[0].Mesh, d.Instances[1].Mesh); // One mesh, read once, placed twice.
    }

    [Fact]
    public async Task BuildAsync_LightsAndCameras_OnePerPlacement()
    {
        var up = Matrix4x4.CreateTranslation(0, 4, 0);
        var down = Matrix4x4.CreateRotationX(-MathF.PI / 2) * Matrix4x4.CreateTranslation(1, 3, 0);
        var scene = await AdaptAsync(new()
        {
            ["bulb"] = new LightElement("point", [1, 0.5f, 0.25f], 683, Range: 10),
            ["spot"] = new LightElement("spot", [1, 1, 1], 100, InnerConeAngle: 0.2f, OuterConeAngle: 0.5f),
            ["sun"] = new LightElement("directional", [1, 1, 1], 3),
            ["bulb1"] = new InstanceElement("bulb", Columns(up)),
            ["bulb2"] = new InstanceElement("bulb", Columns(Matrix4x4.CreateTranslation(2, 2, 2))),
            ["spotPlaced"] = new InstanceElement("spot", Columns(down)),
            ["sunPlaced"] = new InstanceElement("sun"),
            ["lens"] = new CameraElement(0.7f, AspectRatio: 1.5f, ZNear: 0.1f, ZFar: 100, Aperture: 0.05f, FocusDistance: 4),
            ["cam1"] = new InstanceElement("lens", Columns(Matrix4x4.CreateTranslation(0, 1, 5))),
            ["cam2"] = new InstanceElement("lens", Columns(Matrix4x4.CreateTranslation(0, 1, -5))),
            ["quad"] = Quad(_blobs),
            ["floor"] = new InstanceElement("quad"),
            ["scene"] = new SceneRootElement(["bulb1", "bulb2", "spotPlaced", "sunPlaced", "cam1", "cam2", "floor"], Camera: "cam2"),
        });

        var lights = scene.Description.Lights;
        Assert.Equal(4, lights.Count);
        Assert.Equal([LightKind.Point, LightKind.Point, LightKind.Spot, LightKind.Directional], lights.Select(l => l.Kind));
        Assert.Equal(new Vector3(0, 4, 0), lights[0].Position);
        Assert.Equal(new Vector3(2, 2, 2), lights[1].Position);
        Assert.Equal((new Vector3(1, 0.5f, 0.25f), 683f, (float?)10f), (lights[0].Color, lights[0].Intensity, lights[0].Range));
        Assert.True(Vector3.Distance(-Vector3.UnitY, lights[2].Direction) < 1e-5f, $"spot points {lights[2].Direction}");
        Assert.Equal((0.2f, 0.5f), (lights[2].InnerConeAngle, lights[2].OuterConeAngle));

        Assert.Equal(2, scene.Cameras.Count);
        Assert.False(scene.HasDefaultCamera);
        Assert.Equal(new Vector3(0, 1, -5), scene.Description.Camera.Position); // The scene element's camera.
        Assert.Equal((0.7f, (float?)1.5f, 0.1f, 0.05f, 4f), (scene.Description.Camera.YFov, scene.Description.Camera.AspectRatio,
            scene.Description.Camera.ZNear, scene.Description.Camera.Aperture, scene.Description.Camera.FocusDistance));
        Assert.True(scene.TryGetCamera("cam1", out var byInstance));
        Assert.Equal(new Vector3(0, 1, 5), byInstance.Position);
        Assert.True(scene.TryGetCamera("lens", out var byElement));
        Assert.Equal(new Vector3(0, 1, 5), byElement.Position); // The camera element's first placement.
        Assert.False(scene.TryGetCamera("nope", out _));
        Assert.False(scene.TryGetCamera("am1", out _)); // A suffix counts only after a '/'.
    }

    [Fact]
    public async Task TryGetCamera_NameUnderAPrefix_FoundByItsLastSegment()
    {
        var scene = await AdaptAsync(new()
        {
            ["imported/camera/Lens"] = new CameraElement(0.5f),
            ["imported/node/Front"] = new InstanceElement("imported/camera/Lens", Columns(Matrix4x4.CreateTranslation(0, 0, 3))),
            ["imported/node/Back"] = new InstanceElement("imported/camera/Lens", Columns(Matrix4x4.CreateTranslation(0, 0, -3))),
        });

        Assert.True(scene.TryGetCamera("Back", out var back));
        Assert.Equal(new Vector3(0, 0, -3), back.Position);
        Assert.True(scene.TryGetCamera("Lens", out var lens));
        Assert.Equal(new Vector3(0, 0, -3), lens.Position); // The camera's first placement in name order.
        Assert.False(scene.TryGetCamera("node", out _));
    }

    [Fact]
    public async Task BuildAsync_NoCamera_DefaultCameraLooksAtTheBoundsAndSeesThemAll()
    {
        var scene = await AdaptAsync(new()
        {
            ["quad"] = Quad(_blobs),
            ["placed"] = new InstanceElement("quad", Columns(Matrix4x4.CreateScale(3) * Matrix4x4.CreateTranslation(10, 0, 0))),
        });

        Assert.True(scene.HasDefaultCamera);
        var camera = scene.Description.Camera;
        var centre = new Vector3(10, 0, 0);
        Assert.True(Vector3.Dot(camera.Forward, Vector3.Normalize(centre - camera.Position)) > 0.9999f, $"forward {camera.Forward}");
        var radius = new Vector3(6, 0, 6).Length() / 2;
        Assert.True(MathF.Asin(radius / Vector3.Distance(camera.Position, centre)) < camera.YFov / 2, "the bounding sphere fits the field of view");
    }

    [Fact]
    public async Task BuildAsync_Options_BecomeEnvironmentAndDisplaySettings()
    {
        var scene = await AdaptAsync(new()
        {
            ["quad"] = Quad(_blobs),
            ["placed"] = new InstanceElement("quad"),
            ["look"] = new OptionsElement(EnvironmentColor: [0.1f, 0.2f, 0.3f], EnvironmentIntensity: 2, Background: [0, 0, 0], ToneMapping: "aces", Exposure: -1.5f, SamplesPerPixel: 12),
            ["scene"] = new SceneRootElement(["placed"], Options: "look"),
        });

        var environment = scene.Description.Environment!;
        Assert.Equal((new Vector3(0.1f, 0.2f, 0.3f), 2f, (Vector3?)Vector3.Zero), (environment.Color, environment.Intensity, environment.Background));
        Assert.Null(environment.Map);
        Assert.Equal((ToneMapping.Aces, -1.5f, 12), (scene.ToneMapping, scene.ExposureStops, scene.SamplesPerPixel));
    }

    [Fact]
    public async Task BuildAsync_NoOptions_IsBlackEnvironmentAndStandardDisplay()
    {
        var scene = await AdaptAsync(new() { ["quad"] = Quad(_blobs), ["placed"] = new InstanceElement("quad") });

        Assert.Null(scene.Description.Environment);
        Assert.Equal((ToneMapping.Standard, 0f, 64), (scene.ToneMapping, scene.ExposureStops, scene.SamplesPerPixel));
    }
}
