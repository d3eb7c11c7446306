using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>Meshes, accessors, normals and transforms of hand-built files.</summary>
public sealed class GltfImporterGeometryTests
{
    private static GltfBuilder CubeFile(Action<JsonObject>? primitive = null)
    {
        var b = new GltfBuilder();
        var (p, i) = GltfBuilder.Cube();
        b.AddMesh(p, i, "box", primitive);
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = 0, ["name"] = "box" }));
        return b;
    }

    [Fact]
    public void Import_IndexedMeshWithoutNormals_SplitsVerticesAndGivesEachTriangleItsFaceNormal()
    {
        var result = Succeeded(Import(CubeFile().ToGlb()));

        var mesh = Element<MeshElement>(result, "mesh/box");
        Assert.Null(mesh.Indices);
        Assert.Equal(36, mesh.VertexCount);
        var positions = Floats(result, mesh.Positions);
        var normals = Floats(result, mesh.Normals);
        for (var t = 0; t < 12; t++)
        {
            var a = V(positions, (t * 3) + 0);
            var face = Vector3.Normalize(Vector3.Cross(V(positions, (t * 3) + 1) - a, V(positions, (t * 3) + 2) - a));
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(face, V(normals, (t * 3) + k));
            }

            // Outward: the face normal points the same way as the cube centre → triangle centre.
            Assert.True(Vector3.Dot(face, a + V(positions, (t * 3) + 1) + V(positions, (t * 3) + 2)) > 0, $"triangle {t} faces inwards");
        }

        Assert.Empty(SceneValidator.Validate(result.Elements));
    }

    [Fact]
    public void Import_SmoothNormalMode_KeepsIndicesAndAveragesFaceNormalsByArea()
    {
        var result = Succeeded(Import(CubeFile().ToGlb(), new GltfImportOptions(Normals: GltfNormalMode.Smooth)));

        var mesh = Element<MeshElement>(result, "mesh/box");
        Assert.Equal((8, 36), (mesh.VertexCount, mesh.IndexCount));
        var positions = Floats(result, mesh.Positions);
        var normals = Floats(result, mesh.Normals);
        for (var v = 0; v < 8; v++)
        {
            // Each corner touches three faces with equal area around it (two triangles on one face,
            // one on the others, by this cube's split): the sum still leans along the corner diagonal.
            var n = V(normals, v);
            Assert.Equal(1, n.Length(), 4);
            Assert.True(Vector3.Dot(n, Vector3.Normalize(V(positions, v))) > 0.8f, $"vertex {v} normal {n}");
        }
    }

    [Fact]
    public void SmoothNormals_TwoTrianglesOfDifferentArea_WeighTheBiggerMore()
    {
        // Vertex 0 is shared by a big triangle in the z=0 plane and a small one in the x=0 plane.
        float[] p = [0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 1, 0, 1, 0];
        uint[] i = [0, 1, 2, 0, 4, 3];

        var n = GltfGeometry.SmoothNormals(p, i);

        var expected = Vector3.Normalize(new Vector3(0, 0, 16) + new Vector3(1, 0, 0));
        Assert.Equal(expected, V(n, 0));
    }

    [Fact]
    public void Import_ProvidedNormalsAndTangents_AreKeptAsWritten()
    {
        var b = new GltfBuilder();
        float[] p = [0, 0, 0, 1, 0, 0, 0, 1, 0];
        float[] n = [0, 0, 1, 0, 0, 1, 0, 0, 1];
        float[] t = [1, 0, 0, -1, 1, 0, 0, -1, 1, 0, 0, -1];
        var normals = b.AddFloats(n, "VEC3");
        var tangents = b.AddFloats(t, "VEC4");
        b.AddMesh(p, primitive: prim =>
        {
            prim["attributes"]!["NORMAL"] = normals;
            prim["attributes"]!["TANGENT"] = tangents;
        });

        var result = Succeeded(Import(b.ToGltf()));

        var mesh = Element<MeshElement>(result, "mesh/0");
        Assert.Equal(n, Floats(result, mesh.Normals));
        Assert.Equal(t, Floats(result, mesh.Tangents));
    }

    [Fact]
    public void Import_NormalsAbsentButTangentsGiven_IgnoresTheTangentsAsGltfRequires()
    {
        var b = new GltfBuilder();
        var tangents = b.AddFloats([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1], "VEC4");
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], primitive: prim => prim["attributes"]!["TANGENT"] = tangents);

        var mesh = Element<MeshElement>(Succeeded(Import(b.ToGlb())), "mesh/0");

        Assert.Null(mesh.Tangents);
        Assert.NotNull(mesh.Normals);
    }

    [Theory]
    [InlineData(5, new uint[] { 0, 1, 2, 1, 3, 2 })]  // strip: (0,1,2), (1,3,2)
    [InlineData(6, new uint[] { 1, 2, 0, 2, 3, 0 })]  // fan: (1,2,0), (2,3,0)
    public void Import_StripsAndFans_BecomeTriangleListsWithGltfWinding(int mode, uint[] expected)
    {
        var b = new GltfBuilder();
        float[] quad = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0];
        var normals = b.AddFloats([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1], "VEC3");
        b.AddMesh(quad, [0, 1, 2, 3], primitive: prim =>
        {
            prim["mode"] = mode;
            prim["attributes"]!["NORMAL"] = normals;
        });

        var result = Succeeded(Import(b.ToGlb()));

        var mesh = Element<MeshElement>(result, "mesh/0");
        Assert.Equal(expected, Indices(result, mesh.Indices));
        Assert.Equal(2, result.Counts.Triangles);
    }

    [Fact]
    public void Import_InterleavedQuantizedAndNormalizedAttributes_ConvertToFloats()
    {
        // One interleaved view: position as 3 int16 (+2 padding), uv as 2 normalized uint8 (+2 padding): stride 12.
        var b = new GltfBuilder();
        var data = new byte[36];
        short[][] positions = [[0, 0, 0], [100, 0, 0], [0, -200, 0]];
        byte[][] uvs = [[0, 0], [255, 0], [0, 51]];
        for (var v = 0; v < 3; v++)
        {
            MemoryMarshal.Cast<short, byte>(positions[v]).CopyTo(data.AsSpan(v * 12));
            uvs[v].CopyTo(data.AsSpan((v * 12) + 8));
        }

        var view = b.AddView(data, stride: 12);
        var pos = b.Add("accessors", new JsonObject { ["bufferView"] = view, ["componentType"] = 5122, ["count"] = 3, ["type"] = "VEC3" });
        var uv = b.Add("accessors", new JsonObject { ["bufferView"] = view, ["byteOffset"] = 8, ["componentType"] = 5121, ["normalized"] = true, ["count"] = 3, ["type"] = "VEC2" });
        b.Add("meshes", new JsonObject { ["primitives"] = new JsonArray(new JsonObject { ["attributes"] = new JsonObject { ["POSITION"] = pos, ["TEXCOORD_0"] = uv } }) });
        b.Json["extensionsUsed"] = new JsonArray("KHR_mesh_quantization");
        b.Json["extensionsRequired"] = new JsonArray("KHR_mesh_quantization");

        var result = Succeeded(Import(b.ToGlb()));

        var mesh = Element<MeshElement>(result, "mesh/0");
        Assert.Equal([0f, 0, 0, 100, 0, 0, 0, -200, 0], Floats(result, mesh.Positions));
        Assert.Equal([0f, 0, 1, 0, 0, 0.2f], Floats(result, mesh.Uvs));
    }

    [Fact]
    public void Import_SparseAccessor_SubstitutesItsValuesOverTheBase()
    {
        var b = new GltfBuilder();
        var baseIndex = b.AddFloats([0, 0, 0, 1, 0, 0, 0, 1, 0], "VEC3", withBounds: true);
        var sparseIndices = b.AddView(MemoryMarshal.AsBytes(new ushort[] { 2, 0 }.AsSpan()));
        var sparseValues = b.AddView(MemoryMarshal.AsBytes(new float[] { 0, 5, 0 }.AsSpan()));
        var accessor = (JsonObject)b.Array("accessors")[baseIndex]!;
        accessor["sparse"] = new JsonObject
        {
            ["count"] = 1,
            ["indices"] = new JsonObject { ["bufferView"] = sparseIndices, ["componentType"] = 5123 },
            ["values"] = new JsonObject { ["bufferView"] = sparseValues },
        };
        b.Add("meshes", new JsonObject { ["primitives"] = new JsonArray(new JsonObject { ["attributes"] = new JsonObject { ["POSITION"] = baseIndex } }) });

        var result = Succeeded(Import(b.ToGlb()));

        Assert.Equal([0f, 0, 0, 1, 0, 0, 0, 5, 0], Floats(result, Element<MeshElement>(result, "mesh/0").Positions));
    }

    [Fact]
    public void ComposeTrs_TranslationRotationScale_IsTTimesRTimesSColumnMajor()
    {
        var half = MathF.Sqrt(0.5f);

        // 90° about +Z, scale (2, 3, 4), translate (10, 20, 30): x̂ → 2ŷ, ŷ → −3x̂.
        var m = GltfGeometry.ComposeTrs([10, 20, 30], [0, 0, half, half], [2, 3, 4]);

        AssertClose(new Vector3(10, 22, 30), GltfMath.Apply(m, 1, 0, 0));
        AssertClose(new Vector3(7, 20, 30), GltfMath.Apply(m, 0, 1, 0));
        AssertClose(new Vector3(10, 20, 34), GltfMath.Apply(m, 0, 0, 1));
        Assert.Equal([0f, 0, 0, 1], new[] { m[3], m[7], m[11], m[15] });
    }

    [Fact]
    public void Import_NodeHierarchy_InstancesCarryLocalTransformsAndGroupsTheChildren()
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], name: "tri");
        var child = b.AddNode(new JsonObject { ["name"] = "leaf", ["mesh"] = 0, ["translation"] = new JsonArray(1, 0, 0) });
        float[] matrix = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 5, 6, 7, 1];
        var parent = b.AddNode(new JsonObject { ["name"] = "top", ["mesh"] = 0, ["children"] = new JsonArray(child), ["matrix"] = new JsonArray([.. matrix.Select(v => (JsonNode)v)]) });
        b.SetScene(parent);

        var result = Succeeded(Import(b.ToGlb(), new GltfImportOptions(Prefix: "in/")));

        var top = Element<InstanceElement>(result, "in/node/top");
        Assert.Equal(matrix, top.Transform);
        Assert.Equal(["in/node/top/mesh", "in/node/leaf"], Element<GroupElement>(result, top.Target).Children);
        Assert.Equal("in/mesh/tri", Element<InstanceElement>(result, "in/node/top/mesh").Target);
        var leaf = Element<InstanceElement>(result, "in/node/leaf");
        AssertClose(new Vector3(7, 6, 7), GltfMath.Apply(GltfMath.Multiply(top.Transform!, leaf.Transform!), 0, 0, 0));
        Assert.Equal(["in/node/top"], Element<SceneRootElement>(result, "in/scene").Roots);
        Assert.All(result.Elements.Keys, name => Assert.StartsWith("in/", name, StringComparison.Ordinal));
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }

    [Fact]
    public void Import_MeshOfTwoPrimitives_BecomesAGroupOfTwoMeshInstances()
    {
        var b = new GltfBuilder();
        var p0 = b.AddFloats([0, 0, 0, 1, 0, 0, 0, 1, 0], "VEC3");
        var p1 = b.AddFloats([0, 0, 1, 1, 0, 1, 0, 1, 1], "VEC3");
        b.Add("meshes", new JsonObject
        {
            ["name"] = "pair",
            ["primitives"] = new JsonArray(
                new JsonObject { ["attributes"] = new JsonObject { ["POSITION"] = p0 } },
                new JsonObject { ["attributes"] = new JsonObject { ["POSITION"] = p1 } }),
        });
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = 0 }));

        var result = Succeeded(Import(b.ToGlb()));

        Assert.Equal(["mesh/pair/0/instance", "mesh/pair/1/instance"], Element<GroupElement>(result, "mesh/pair").Children);
        Assert.Equal("mesh/pair", Element<InstanceElement>(result, "node/0").Target);
        Assert.Equal(2, result.Counts.Meshes);
        Assert.Empty(SceneValidator.Validate(result.Elements));
    }

    [Fact]
    public void Import_SameFileTwice_GivesIdenticalElementsAndBlobs()
    {
        var file = CubeFile().ToGlb();

        var a = Succeeded(Import(file));
        var b = Succeeded(Import(file));

        Assert.Equal(a.Elements.Keys, b.Elements.Keys);
        Assert.Equal(a.Elements.Values.Select(SceneCanonical.Hash), b.Elements.Values.Select(SceneCanonical.Hash));
        Assert.Equal(a.Blobs.Keys.Order(), b.Blobs.Keys.Order());
    }

    private static Vector3 V(float[] values, int vertex) => new(values[vertex * 3], values[(vertex * 3) + 1], values[(vertex * 3) + 2]);

    private static void AssertClose(Vector3 expected, Vector3 actual) =>
        Assert.True(Vector3.Distance(expected, actual) < 1e-4f, $"expected {expected}, got {actual}");
}
