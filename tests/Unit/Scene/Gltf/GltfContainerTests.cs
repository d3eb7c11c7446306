using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using OrleansBridge.Scene.Gltf;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>Container details the spec allows, and image headers.</summary>
public sealed class GltfContainerTests
{
    private static GltfBuilder Triangle()
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0]);
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = 0 }));
        return b;
    }

    [Fact]
    public void Import_GlbWithAnUnknownChunkAfterBin_IgnoresIt()
    {
        var glb = Triangle().ToGlb();
        var extra = new byte[glb.Length + 12];
        glb.CopyTo(extra, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(extra.AsSpan(glb.Length), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(extra.AsSpan(glb.Length + 4), 0x54584554); // "TEXT": not JSON, not BIN
        BinaryPrimitives.WriteUInt32LittleEndian(extra.AsSpan(8), (uint)extra.Length);

        var result = Succeeded(Import(extra));

        Assert.Equal(1, result.Counts.Triangles);
    }

    [Fact]
    public void Import_GltfWithByteOrderMarkAndEmbeddedBuffer_Imports()
    {
        var gltf = Triangle().ToGltf();

        var result = Succeeded(Import([0xEF, 0xBB, 0xBF, .. gltf]));

        Assert.Equal(1, result.Counts.Meshes);
    }

    [Fact]
    public void Import_FileWithNoScene_TakesEveryRootNode()
    {
        var b = Triangle();
        b.AddNode(new JsonObject { ["mesh"] = 0, ["name"] = "second" });
        b.Json.Remove("scene");
        b.Json.Remove("scenes");

        var result = Succeeded(Import(b.ToGlb()));

        Assert.Equal(["node/0", "node/second"], ((OrleansBridge.Scene.Elements.SceneRootElement)result.Elements["scene"]).Roots);
    }

    [Fact]
    public void TryProbe_RealPngAndJpeg_ReadTheirSizes()
    {
        Assert.True(GltfImages.TryProbe(Read("checker.png"), out var format, out var width, out var height, out _));
        Assert.Equal(("png", 16, 16), (format, width, height));
        Assert.True(GltfImages.TryProbe(Read("checker.jpg"), out format, out width, out height, out _));
        Assert.Equal(("jpeg", 24, 16), (format, width, height));
    }

    [Theory]
    [InlineData("RIFF\0\0\0\0WEBPVP8 ", "WebP")]
    [InlineData("\u00abKTX 20\u00bb\r\n\u001a\n", "KTX2")]
    [InlineData("GIF89a", "neither PNG nor JPEG")]
    public void TryProbe_OtherFormats_SayWhatTheyAre(string header, string expected)
    {
        Assert.False(GltfImages.TryProbe(Encoding.Latin1.GetBytes(header), out _, out _, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryProbe_PngCutBeforeItsSize_IsRefused()
    {
        Assert.False(GltfImages.TryProbe(Read("checker.png").AsSpan(0, 20), out _, out _, out _, out var problem));
        Assert.Contains("IHDR", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryProbe_JpegWithoutFrameHeader_IsRefused()
    {
        var jpeg = Read("checker.jpg");
        var cut = jpeg.AsSpan(0, 24).ToArray(); // SOI + APP0 + part of a comment: no SOF

        Assert.False(GltfImages.TryProbe(cut, out _, out _, out _, out var problem));
        Assert.Contains("frame header", problem, StringComparison.Ordinal);
    }
}
