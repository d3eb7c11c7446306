using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>Every way a file can be refused: the code, a message naming the problem, and no elements.</summary>
public sealed class GltfImporterErrorTests
{
    private static GltfBuilder Triangle()
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2]);
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = 0 }));
        return b;
    }

    private static void AssertRefused(GltfImportResult result, ErrorCode code, string fragment)
    {
        Assert.False(result.Succeeded, "the import succeeded");
        Assert.Equal(code, result.Error);
        Assert.Contains(fragment, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Elements);
        Assert.Empty(result.Blobs);
    }

    [Fact]
    public void Import_BadMagic_IsMalformed() =>
        AssertRefused(Import([0x67, 0x6C, 0x54, 0x47, 2, 0, 0, 0]), ErrorCode.GltfMalformed, "magic");

    [Fact]
    public void Import_GlbVersion1_NeedsVersion2()
    {
        var glb = Triangle().ToGlb();
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(4), 1);

        AssertRefused(Import(glb), ErrorCode.GltfExtensionRequired, "container version 1");
    }

    [Fact]
    public void Import_TruncatedGlb_NamesTheDeclaredAndActualLengths()
    {
        var glb = Triangle().ToGlb();

        AssertRefused(Import(glb[..^4]), ErrorCode.GltfMalformed, "truncated");
    }

    [Fact]
    public void Import_ChunkLongerThanTheFile_IsTruncated()
    {
        var glb = Triangle().ToGlb();
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(12), (uint)glb.Length); // JSON chunk claims everything and more

        AssertRefused(Import(glb), ErrorCode.GltfMalformed, "chunk 0 declares");
    }

    [Fact]
    public void Import_FirstChunkNotJson_IsMalformed()
    {
        var glb = Triangle().ToGlb();
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(16), 0x004E4942);

        AssertRefused(Import(glb), ErrorCode.GltfMalformed, "must be JSON");
    }

    [Fact]
    public void Import_BinChunkShorterThanBufferByteLength_IsMalformed()
    {
        var b = Triangle();
        var glb = b.ToGlb();
        var jsonLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(20 + jsonLength), 8); // BIN chunk now says 8 bytes
        var cut = glb[..(20 + jsonLength + 16)];
        BinaryPrimitives.WriteUInt32LittleEndian(cut.AsSpan(8), (uint)cut.Length);

        AssertRefused(Import(cut), ErrorCode.GltfMalformed, $"byteLength is {b.BinLength} but the BIN chunk has 8 bytes");
    }

    [Fact]
    public void Import_InvalidJson_IsMalformed() =>
        AssertRefused(Import(Encoding.UTF8.GetBytes("{\"asset\": {\"version\": \"2.0\"},")), ErrorCode.GltfMalformed, "JSON is invalid");

    [Fact]
    public void Import_NoAsset_IsMalformed() =>
        AssertRefused(Import(Encoding.UTF8.GetBytes("{\"meshes\": []}")), ErrorCode.GltfMalformed, "no asset object");

    [Fact]
    public void Import_Version3_IsRefused() =>
        AssertRefused(Import(Encoding.UTF8.GetBytes("{\"asset\": {\"version\": \"3.0\"}}")), ErrorCode.GltfExtensionRequired, "only glTF 2.0");

    [Fact]
    public void Import_RequiredExtensionUnknown_IsRefusedNamingIt()
    {
        var b = Triangle();
        b.Json["extensionsUsed"] = new JsonArray("KHR_draco_mesh_compression");
        b.Json["extensionsRequired"] = new JsonArray("KHR_draco_mesh_compression");

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfExtensionRequired, "extensionsRequired lists KHR_draco_mesh_compression");
    }

    [Fact]
    public void Import_AccessorNamesMissingBufferView_SaysWhichAccessorAndView()
    {
        var b = Triangle();
        b.Array("accessors")[0]!["bufferView"] = 7;

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "accessors[0]: bufferView 7 does not exist");
    }

    [Fact]
    public void Import_AccessorBeyondItsView_IsInvalid()
    {
        var b = Triangle();
        b.Array("accessors")[0]!["count"] = 4;

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "accessors[0] (POSITION): 4 elements");
    }

    [Fact]
    public void Import_HugeCount_IsTooLargeBeforeAnythingIsAllocated()
    {
        var b = Triangle();
        b.Array("accessors")[0]!["count"] = long.MaxValue / 2;

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfTooLarge, "beyond the importer's limit");
    }

    [Fact]
    public void Import_CountTimesStrideOverflowingInt32_IsInvalidNotWrapped()
    {
        var b = Triangle();
        b.Array("bufferViews")[0]!["byteStride"] = 252;
        b.Array("accessors")[0]!["count"] = 20_000_000; // 252 × 2e7 > 2^32

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "bufferViews[0] has 36");
    }

    [Fact]
    public void Import_IndexBeyondTheVertices_NamesTheIndex()
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 9]);

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "index 9 at position 2 is beyond the 3 vertices");
    }

    [Fact]
    public void Import_BufferViewOutsideItsBuffer_IsInvalid()
    {
        var b = Triangle();
        b.Array("bufferViews")[0]!["byteLength"] = 4000;

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "bufferViews[0]: bytes 0..4000 lie outside buffer 0");
    }

    [Fact]
    public void Import_ExternalBufferNotSupplied_IsResourceMissing()
    {
        var (gltf, _) = Triangle().ToGltf("geometry.bin");

        AssertRefused(Import(gltf), ErrorCode.GltfResourceMissing, "'geometry.bin' was not supplied");
    }

    [Fact]
    public void Import_ExternalBufferSupplied_Imports()
    {
        var (gltf, bin) = Triangle().ToGltf("geometry.bin");

        var result = GltfImporter.Import(gltf, uri => uri == "geometry.bin" ? bin : null, GltfImportOptions.Default);

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public void Import_BrokenBase64DataUri_IsInvalid()
    {
        var b = Triangle();
        var gltf = JsonNode.Parse(b.ToGltf())!;
        gltf["buffers"]![0]!["uri"] = "data:application/octet-stream;base64,@@@@";

        AssertRefused(Import(Encoding.UTF8.GetBytes(gltf.ToJsonString())), ErrorCode.GltfInvalid, "base64 is malformed");
    }

    [Fact]
    public void Import_ImageThatIsNotPngOrJpeg_IsImageInvalid()
    {
        var b = Triangle();
        var view = b.AddView("GIF89a not really"u8);
        b.Add("images", new JsonObject { ["bufferView"] = view, ["mimeType"] = "image/png" });
        b.Add("textures", new JsonObject { ["source"] = 0 });

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfImageInvalid, "images[0] is neither PNG nor JPEG");
    }

    [Fact]
    public void Import_NodeCycle_IsInvalid()
    {
        var b = Triangle();
        b.AddNode(new JsonObject { ["children"] = new JsonArray(2) });
        b.AddNode(new JsonObject { ["children"] = new JsonArray(1) });
        b.SetScene(0, 1);

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "nodes");
    }

    [Fact]
    public void Import_MaterialFactorOutOfRange_NamesTheProperty()
    {
        var b = Triangle();
        b.Add("materials", new JsonObject { ["pbrMetallicRoughness"] = new JsonObject { ["roughnessFactor"] = 1.5 } });

        AssertRefused(Import(b.ToGlb()), ErrorCode.GltfInvalid, "materials[0].pbrMetallicRoughness.roughnessFactor is 1.5");
    }

    [Fact]
    public void Import_TooManyElements_IsTooLarge()
    {
        var b = Triangle();
        for (var i = 0; i < 10; i++)
        {
            b.Add("materials", new JsonObject());
        }

        AssertRefused(Import(b.ToGlb(), new GltfImportOptions(MaxElements: 5)), ErrorCode.GltfTooLarge, "more than 5 elements");
    }
}
