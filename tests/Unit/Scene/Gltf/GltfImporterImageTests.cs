using System.Text.Json.Nodes;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Gltf;
using OrleansBridge.Tests.Rendering.Adapter;
using static OrleansBridge.Tests.Scene.Gltf.GltfTestFiles;

namespace OrleansBridge.Tests.Scene.Gltf;

/// <summary>
/// Images as the importer sees them: format and size from the header through the renderer's codecs,
/// WebP through EXT_texture_webp, and hostile headers refused with their code before anything is
/// decoded or applied.
/// </summary>
public sealed class GltfImporterImageTests
{
    private static GltfBuilder TexturedTriangle(byte[] image, bool webpExtension = false)
    {
        var b = new GltfBuilder();
        b.AddMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2]);
        b.SetScene(b.AddNode(new JsonObject { ["mesh"] = 0 }));
        var view = b.AddView(image);
        b.Add("images", new JsonObject { ["bufferView"] = view, ["mimeType"] = webpExtension ? "image/webp" : "image/png" });
        b.Add("textures", webpExtension
            ? new JsonObject { ["extensions"] = new JsonObject { ["EXT_texture_webp"] = new JsonObject { ["source"] = 0 } } }
            : new JsonObject { ["source"] = 0 });
        return b;
    }

    [Fact]
    public void Import_WebpThroughExtTextureWebp_IsAWebpTexture()
    {
        var webp = FfmpegTool.Encode(FfmpegTool.Pattern(20, 12), 20, 12, "libwebp", "bgra", "-lossless", "1");
        var b = TexturedTriangle(webp, webpExtension: true);
        b.Json["extensionsUsed"] = new JsonArray("EXT_texture_webp");
        b.Json["extensionsRequired"] = new JsonArray("EXT_texture_webp");

        var result = Succeeded(Import(b.ToGlb()));

        var texture = Assert.Single(result.Elements.Values.OfType<TextureElement>());
        Assert.Equal(("webp", 20, 12), (texture.Format, texture.Width, texture.Height));
        Assert.Equal(webp, result.Blobs[texture.Image].ToArray());
        Assert.DoesNotContain(result.Unsupported, u => u.Feature == "EXT_texture_webp");
    }

    [Fact]
    public void Import_HugePngHeader_IsTooLargeBeforeAnythingIsDecoded()
    {
        var b = TexturedTriangle(HostilePng.Make(30_000, 30_000, 1024));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = Import(b.ToGlb());

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ErrorCode.GltfTooLarge, result.Error);
        Assert.Contains("images[0] is a PNG of 30000×30000 pixels, more than the 67108864 pixels", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Elements);
        Assert.Empty(result.Blobs);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated refusing the file");
    }

    [Fact]
    public void Import_DeflateBombBehindALargeHeader_IsTooLargeWithoutInflating()
    {
        // 20,000 × 20,000 RGBA: 1.6 GB of rows from a 1.7 MB deflate stream of zeros (256 MiB of them).
        var bomb = HostilePng.Make(20_000, 20_000, 256L << 20);
        var b = TexturedTriangle(bomb);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = Import(b.ToGlb());

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ErrorCode.GltfTooLarge, result.Error);
        Assert.Contains("20000×20000", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Elements);
        Assert.True(allocated < 4L * bomb.Length + (1 << 20), $"{allocated} bytes allocated for a {bomb.Length}-byte file");
    }

    [Fact]
    public void Import_ImageLimitFromOptions_IsHonoured()
    {
        var png = FfmpegTool.Encode(FfmpegTool.Pattern(16, 16), 16, 16, "png", "rgba");

        var result = Import(TexturedTriangle(png).ToGlb(), new GltfImportOptions(MaxImagePixels: 255));

        Assert.Equal(ErrorCode.GltfTooLarge, result.Error);
        Assert.Contains("16×16 pixels, more than the 255 pixels", result.Message, StringComparison.Ordinal);
    }
}
