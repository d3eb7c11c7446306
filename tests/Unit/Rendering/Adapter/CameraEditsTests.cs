using System.Numerics;
using OrleansBridge.Cache;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using static OrleansBridge.Tests.Rendering.Adapter.AdapterScenes;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>The camera fast path gives the cameras a full adaptation would, and refuses every other edit.</summary>
public sealed class CameraEditsTests
{
    private static readonly Matrix4x4 Rig = Matrix4x4.CreateRotationY(0.7f) * Matrix4x4.CreateTranslation(3, 1, 0);

    private readonly TestBlobs _blobs = new();

    private Dictionary<string, SceneElement> Scene(Matrix4x4 camera, float fov = 0.8f) => new(StringComparer.Ordinal)
    {
        ["quad"] = Quad(_blobs),
        ["floor"] = new InstanceElement("quad", Columns(Matrix4x4.CreateScale(4))),
        ["lens"] = new CameraElement(fov),
        ["eye"] = new InstanceElement("lens", Columns(camera)),
        ["rig"] = new GroupElement(["eye"]),
        ["rigPlaced"] = new InstanceElement("rig", Columns(Rig)),
        ["scene"] = new SceneRootElement(["rigPlaced", "floor"], Camera: "eye"),
    };

    private ContentHash Store(Dictionary<string, SceneElement> elements)
    {
        var manifest = SceneManifest.Empty with
        {
            Elements = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                elements.Select(e => KeyValuePair.Create(e.Key, _blobs.Add(SceneCanonical.Serialize(e.Value))))),
        };
        return _blobs.Add(manifest.ToCanonicalBytes());
    }

    private async Task<AdaptedScene> AdaptAsync(Dictionary<string, SceneElement> elements)
    {
        var result = await NewAdapter().BuildAsync(elements, _blobs.Source, CancellationToken.None);
        Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");
        return result.Scene!;
    }

    private static void AssertClose(Matrix4x4 expected, Matrix4x4 actual)
    {
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                Assert.True(MathF.Abs(expected[r, c] - actual[r, c]) < 1e-4f, $"[{r},{c}]: expected {expected}, got {actual}");
            }
        }
    }

    [Fact]
    public async Task CameraMovedAndZoomed_SameCamerasAsAFullAdaptation_GeometryReused()
    {
        var before = Scene(Matrix4x4.CreateTranslation(0, 0, 5));
        var after = Scene(Matrix4x4.CreateRotationX(-0.3f) * Matrix4x4.CreateTranslation(1, 2, 6), fov: 0.5f);
        var adaptedBefore = await AdaptAsync(before);

        var moved = await CameraEdits.TryApplyAsync(Store(before), adaptedBefore, Store(after), _blobs.Source, CancellationToken.None);

        Assert.NotNull(moved);
        var full = await AdaptAsync(after);
        AssertClose(full.Description.Camera.Transform, moved.Description.Camera.Transform);
        Assert.Equal(0.5f, moved.Description.Camera.YFov);
        AssertClose(full.Cameras.Single().Data.Transform, moved.Cameras.Single().Data.Transform);
        Assert.True(moved.TryGetCamera("eye", out var eye));
        AssertClose(full.Description.Camera.Transform, eye.Transform);
        Assert.Same(adaptedBefore.Description.Meshes, moved.Description.Meshes); // nothing of the geometry is rebuilt
        Assert.Same(adaptedBefore.Description.Instances, moved.Description.Instances);
    }

    [Fact]
    public async Task OtherEdits_AreNotCameraOnly()
    {
        var camera = Matrix4x4.CreateTranslation(0, 0, 5);
        var before = Scene(camera);
        var adaptedBefore = await AdaptAsync(before);
        var beforeHash = Store(before);

        var floorMoved = Scene(camera);
        floorMoved["floor"] = new InstanceElement("quad", Columns(Matrix4x4.CreateScale(5)));
        var added = Scene(camera);
        added["floor2"] = new InstanceElement("quad");
        var retargeted = Scene(camera);
        retargeted.Remove("rig");
        retargeted["rig"] = new GroupElement(["eye", "floor"]);
        var rigMoved = Scene(camera);
        rigMoved["rigPlaced"] = new InstanceElement("rig", Columns(Matrix4x4.CreateTranslation(9, 9, 9)));

        foreach (var (what, edit) in new[] { ("a mesh instance moved", floorMoved), ("an element added", added), ("a group changed", retargeted), ("the camera's parent moved", rigMoved) })
        {
            Assert.True(await CameraEdits.TryApplyAsync(beforeHash, adaptedBefore, Store(edit), _blobs.Source, CancellationToken.None) is null, what);
        }
    }
}
