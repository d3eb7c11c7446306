using System.Numerics;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Elements;
using static OrleansBridge.Tests.Rendering.Adapter.AdapterScenes;
using ElementSampler = OrleansBridge.Scene.Elements.TextureSampler;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>Bulk data through the adapter: arrays, generated normals, textures, and the errors of bad or missing data.</summary>
public sealed class SceneAdapterDataTests
{
    private readonly TestBlobs _blobs = new();

    private Task<AdapterResult> AdaptAsync(Dictionary<string, SceneElement> elements) =>
        NewAdapter().BuildAsync(elements, _blobs.Source, CancellationToken.None);

    [Fact]
    public async Task BuildAsync_MeshArrays_ReadAsStoredAndNonIndexedGetsConsecutiveIndices()
    {
        Vector2[] uvs = [new(0, 0), new(1, 0), new(1, 1), new(0, 1)];
        Vector3[] normals = [Vector3.UnitY, Vector3.UnitY, Vector3.UnitY, Vector3.UnitY];
        Vector4[] tangents = [new(1, 0, 0, -1), new(1, 0, 0, -1), new(1, 0, 0, -1), new(1, 0, 0, -1)];
        var quad = Quad(_blobs) with { Uvs = _blobs.Add(uvs), Normals = _blobs.Add(normals), Tangents = _blobs.Add(tangents) };
        var result = await AdaptAsync(new()
        {
            ["quad"] = quad,
            ["tri"] = Triangle(_blobs),
            ["a"] = new InstanceElement("quad"),
            ["b"] = new InstanceElement("tri"),
        });

        Assert.True(result.Succeeded, result.Message);
        var meshes = result.Scene!.Description.Meshes;
        Assert.Equal([0, 2, 1, 0, 3, 2], meshes[0].Indices);
        Assert.Equal(uvs, meshes[0].TexCoords);
        Assert.Equal(normals, meshes[0].Normals);
        Assert.Equal(tangents, meshes[0].Tangents);
        Assert.Equal([0, 1, 2], meshes[1].Indices);
        Assert.Equal(3, result.Scene.TriangleCount);
    }

    [Fact]
    public async Task BuildAsync_MeshWithoutNormals_GetsUnitNormalsFacingOutward()
    {
        var sphere = ProceduralMeshes.Sphere("s", 12, 24);
        var mesh = new MeshElement(_blobs.Add(sphere.Positions), sphere.Positions.Length, _blobs.Add(sphere.Indices.Select(i => (uint)i).ToArray()), sphere.Indices.Length);
        var result = await AdaptAsync(new() { ["ball"] = mesh, ["a"] = new InstanceElement("ball"), ["quad"] = Quad(_blobs), ["b"] = new InstanceElement("quad") });

        Assert.True(result.Succeeded, result.Message);
        var generated = result.Scene!.Description.Meshes[0];
        Assert.NotNull(generated.Normals);
        // Vertices only zero-area triangles use (the sphere's split poles) are never hit, so their normal does not matter.
        var used = new HashSet<int>();
        for (var t = 0; t < sphere.Indices.Length; t += 3)
        {
            var (a, b, c) = (sphere.Indices[t], sphere.Indices[t + 1], sphere.Indices[t + 2]);
            if (Vector3.Cross(sphere.Positions[b] - sphere.Positions[a], sphere.Positions[c] - sphere.Positions[a]).Length() > 1e-6f)
            {
                used.UnionWith([a, b, c]);
            }
        }

        foreach (var i in used)
        {
            var n = generated.Normals![i];
            Assert.True(MathF.Abs(n.Length() - 1) < 1e-4f);
            // A sphere's smooth normal is its radial direction, up to the tessellation (12 rings).
            Assert.True(Vector3.Dot(n, Vector3.Normalize(generated.Positions[i])) > 0.97f, $"vertex {i}: normal {n} at {generated.Positions[i]}");
        }

        Assert.All(result.Scene.Description.Meshes[1].Normals!, n => Assert.Equal(Vector3.UnitY, n)); // The quad winds counter-clockwise seen from +Y.
    }

    [Fact]
    public async Task BuildAsync_SameGeometryTwoMaterials_ShareOneBvhId()
    {
        var result = await AdaptAsync(new()
        {
            ["m"] = new MaterialElement(),
            ["q1"] = Quad(_blobs),
            ["q2"] = Quad(_blobs, "m"),
            ["a"] = new InstanceElement("q1"),
            ["b"] = new InstanceElement("q2"),
        });

        Assert.True(result.Succeeded, result.Message);
        var meshes = result.Scene!.Description.Meshes;
        Assert.Equal(2, meshes.Count);
        Assert.Equal(meshes[0].Id, meshes[1].Id);
    }

    [Fact]
    public async Task BuildAsync_Textures_PngAndRawDecodedWithSamplerAndTransform()
    {
        var rgb = new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255 };
        var png = PngEncoder.EncodeRgb8(rgb, 2, 2);
        var raw = new byte[] { 1, 2, 3, 4 };
        var result = await AdaptAsync(new()
        {
            ["albedo"] = new TextureElement(_blobs.Add(png), "png", 2, 2, new ElementSampler("nearest", "linear", "clamp", "mirror")),
            ["rough"] = new TextureElement(_blobs.Add(raw), "rgba8", 1, 1, new ElementSampler()),
            ["mat"] = new MaterialElement(BaseColorTexture: new TextureRef("albedo", Offset: [0.5f, 0.25f], Rotation: 0.3f, Scale: [2, 3]),
                MetallicRoughnessTexture: new TextureRef("rough"), EmissiveTexture: new TextureRef("albedo")),
            ["quad"] = Quad(_blobs, "mat"),
            ["a"] = new InstanceElement("quad"),
        });

        Assert.True(result.Succeeded, result.Message);
        var d = result.Scene!.Description;
        Assert.Equal(2, d.Textures.Count); // "albedo" is decoded once for two slots.
        var material = d.Materials[0];
        var albedo = d.Textures[material.BaseColorTexture!.Value.Texture];
        Assert.Equal(new byte[] { 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255 }, albedo.Rgba8);
        Assert.Equal(new OrleansBridge.Rendering.Scene.TextureSampler(TextureWrap.ClampToEdge, TextureWrap.MirroredRepeat, TextureFilter.Nearest), albedo.Sampler);
        Assert.Equal((new Vector2(0.5f, 0.25f), 0.3f, new Vector2(2, 3)), (material.BaseColorTexture.Value.Offset, material.BaseColorTexture.Value.Rotation, material.BaseColorTexture.Value.Scale));
        Assert.Equal(raw, d.Textures[material.MetallicRoughnessTexture!.Value.Texture].Rgba8);
        Assert.Equal(material.BaseColorTexture.Value.Texture, material.EmissiveTexture!.Value.Texture);
    }

    [Fact]
    public async Task BuildAsync_BadData_IsAnErrorNamingTheElement()
    {
        var shortPositions = new MeshElement(_blobs.Add(new byte[20]), 3);
        var badIndex = Quad(_blobs) with { Indices = _blobs.Add(new uint[] { 0, 1, 9, 0, 1, 2 }) };
        var missing = Quad(_blobs) with { Positions = OrleansBridge.Cache.ContentHash.Compute("absent"u8) };
        var badTexture = new TextureElement(_blobs.Add("not a png"u8.ToArray()), "png", 4, 4, new ElementSampler());

        var cases = new (Dictionary<string, SceneElement> Elements, ErrorCode Code, string Names)[]
        {
            (new() { ["m"] = shortPositions, ["a"] = new InstanceElement("m") }, ErrorCode.RenderMeshInvalid, "'m'"),
            (new() { ["m"] = badIndex, ["a"] = new InstanceElement("m") }, ErrorCode.RenderMeshInvalid, "index 9"),
            (new() { ["m"] = missing, ["a"] = new InstanceElement("m") }, ErrorCode.SceneMissingCacheEntry, "'m'"),
            (new() { ["t"] = badTexture, ["mat"] = new MaterialElement(BaseColorTexture: new TextureRef("t")), ["m"] = Quad(_blobs, "mat"), ["a"] = new InstanceElement("m") },
                ErrorCode.RenderTextureInvalid, "'t'"),
            (new() { ["m"] = Quad(_blobs, "nothing"), ["a"] = new InstanceElement("m") }, ErrorCode.SceneDanglingReference, "'nothing'"),
            (new() { ["scene"] = new SceneRootElement(["a"], Camera: "a"), ["m"] = Quad(_blobs), ["a"] = new InstanceElement("m") }, ErrorCode.SceneTypeMismatch, "'m'"),
        };

        foreach (var (elements, code, names) in cases)
        {
            var result = await AdaptAsync(elements);
            Assert.Equal(code, result.Error);
            Assert.Contains(names, result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BuildAsync_BulkBeyondTheLimit_IsRefused()
    {
        var adapter = new SceneAdapter(new OrleansBridge.Rendering.Images.SkiaImageDecoder(), new AdapterLimits(MaxBulkBytes: 40));
        var result = await adapter.BuildAsync(new Dictionary<string, SceneElement> { ["m"] = Quad(_blobs), ["a"] = new InstanceElement("m") }, _blobs.Source, CancellationToken.None);

        Assert.Equal(ErrorCode.RenderSceneTooLarge, result.Error);
    }
}
