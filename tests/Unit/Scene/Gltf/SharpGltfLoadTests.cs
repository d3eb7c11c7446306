using System.Text.Json.Nodes;
using SharpGLTF.Schema2;
using SharpGLTF.Validation;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>
/// Why the importer reads the glTF document itself rather than through SharpGLTF's <see cref="ModelRoot"/>
/// (docs/gltf.md, "Why the document is not loaded through SharpGLTF"): what SharpGLTF 1.0.7's load,
/// validation skipped, does with files the importer must import, or must refuse naming the problem.
/// Each test imports the same file as well, so the two answers stand side by side. A SharpGLTF upgrade
/// that makes one of these fail has removed the reason it pins: that is the time to revisit the move.
/// </summary>
public sealed class SharpGltfLoadTests
{
    private static readonly ReadSettings Skip = new() { Validation = ValidationMode.Skip };

    private static GltfBuilder Triangle()
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2]);
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = 0 }));
        return b;
    }

    private static ModelRoot Load(byte[] glb) => ModelRoot.ParseGLB(new ArraySegment<byte>(glb), Skip);

    [Fact]
    public void ParseGlb_AnimationWithEmptyArrays_IsRefusedWhereTheImporterImportsTheRest()
    {
        // The importer does not import animations; it reports them and imports the posed scene.
        var b = Triangle();
        b.Add("animations", new JsonObject { ["channels"] = new JsonArray(), ["samplers"] = new JsonArray() });
        var glb = b.ToGlb();

        var refused = Assert.ThrowsAny<ModelException>(() => Load(glb));
        var imported = Succeeded(Import(glb));

        Assert.Contains("Empty array", refused.Message, StringComparison.Ordinal);
        Assert.Contains(imported.Unsupported, u => u.Feature == "animation");
        Assert.Equal(1, imported.Counts.Triangles);
    }

    [Fact]
    public void ReadSchema2_GlbWithBinChunk_ChecksExtensionsThoughTheContextSaysNotTo()
    {
        // A context made with checkExtensions: false loads the .gltf, but a GLB with a BIN chunk is read
        // through a copy of the context that does not carry the flag, so SharpGLTF refuses it with its
        // own message before any check of ours could run.
        var b = Triangle();
        b.Json["extensionsUsed"] = new JsonArray("KHR_draco_mesh_compression");
        b.Json["extensionsRequired"] = new JsonArray("KHR_draco_mesh_compression");
        var context = ReadContext.CreateFromDictionary(new Dictionary<string, ArraySegment<byte>>(), checkExtensions: false);
        context.Validation = ValidationMode.Skip;

        var fromText = context.ReadSchema2(new MemoryStream(b.ToGltf(), writable: false));
        var fromGlb = Assert.ThrowsAny<ModelException>(() => context.ReadSchema2(new MemoryStream(b.ToGlb(), writable: false)));
        var imported = Import(b.ToGlb());

        Assert.Single(fromText.LogicalMeshes);
        Assert.Contains("Extensions: KHR_draco_mesh_compression", fromGlb.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.GltfExtensionRequired, imported.Error);
        Assert.Contains("extensionsRequired lists KHR_draco_mesh_compression, which the importer does not support", imported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseGlb_CountBeyondInt32_FailsWithoutNamingTheAccessor()
    {
        var b = Triangle();
        b.Array("accessors")[0]!["count"] = 3_000_000_000;
        var glb = b.ToGlb();

        var refused = Assert.ThrowsAny<ModelException>(() => Load(glb));
        var imported = Import(glb);

        Assert.DoesNotContain("accessor", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCode.GltfTooLarge, imported.Error);
        Assert.Contains("accessors[0]: count 3000000000 is beyond the importer's limit", imported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseGlb_AccessorRunningPastItsView_LoadsAndReadsFewerElements()
    {
        // Skipping validation, the typed view holds what fits; the importer refuses the file naming the accessor.
        var b = Triangle();
        b.Array("accessors")[0]!["count"] = 4;
        var glb = b.ToGlb();

        var model = Load(glb);
        var imported = Import(glb);

        Assert.Equal(4, model.LogicalAccessors[0].Count);
        Assert.Equal(3, model.LogicalAccessors[0].AsVector3Array().Count);
        Assert.Equal(ErrorCode.GltfInvalid, imported.Error);
        Assert.Contains("accessors[0] (POSITION): 4 elements", imported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseGlb_AccessorNamingAMissingBufferView_LoadsAndFailsOnUseWithoutTheIndex()
    {
        var b = Triangle();
        b.Array("accessors")[0]!["bufferView"] = 7;
        var glb = b.ToGlb();

        var model = Load(glb);
        var onUse = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => model.LogicalAccessors[0].SourceBufferView);
        var imported = Import(glb);

        Assert.DoesNotContain("7", onUse.Message, StringComparison.Ordinal);
        Assert.Contains("accessors[0]: bufferView 7 does not exist (2 defined)", imported.Message, StringComparison.Ordinal);
    }
}
