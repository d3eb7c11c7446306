using System.Diagnostics;
using System.Text.Json;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Spine;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// <c>bridge render</c> (against a real server) and <c>bridge render-local</c> end to end, the built program on the Blender-exported test scene
/// (a red cube, an emissive gold sphere, a checker ground, a camera and three lights).
/// </summary>
public sealed class RenderCliTests
{
    private static readonly string Scene = RepositoryPaths.Under("tests", "TestData", "gltf", "blender-scene.glb");

    [Fact]
    public async Task RenderLocal_Json_WritesThePngAndPrintsExactlyTheContractFields()
    {
        using var dir = new TestDirectory();
        var output = Path.Combine(dir.Path, "still.png");

        var (exit, stdout, stderr) = await CliTests.RunBridgeAsync("render-local", Scene, "--width", "96", "--height", "64", "--spp", "4", "--out", output, "--json");

        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["out", "width", "height", "spp", "renderSeconds", "samplesPerSecond"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal((output, 96, 64, 4), (root.GetProperty("out").GetString(), root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), root.GetProperty("spp").GetInt32()));
        Assert.True(root.GetProperty("renderSeconds").GetDouble() > 0 && root.GetProperty("samplesPerSecond").GetDouble() > 0, stdout);
        var png = SkiaImageDecoder.Decode(await File.ReadAllBytesAsync(output), long.MaxValue);
        Assert.True(png.Succeeded, png.Message);
        Assert.Equal((96, 64), (png.Image!.Width, png.Image.Height));
        // The red cube: some pixels are clearly red (R well above G and B).
        var red = Enumerable.Range(0, 96 * 64).Count(p => png.Image.Rgba[p * 4] > 2 * (png.Image.Rgba[(p * 4) + 1] + 10) && png.Image.Rgba[p * 4] > 2 * (png.Image.Rgba[(p * 4) + 2] + 10));
        Assert.True(red > 50, $"{red} red pixels");
    }

    [Fact]
    public async Task Render_Server_UploadsImportsRendersAndWritesTheSameImageSizeAsLocal()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var dir = new TestDirectory();
        var remote = Path.Combine(dir.Path, "remote.png");

        var (exit, stdout, stderr) = await CliTests.RunBridgeAsync("render", Scene, "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--width", "96", "--height", "64", "--spp", "4", "--camera", "Camera", "--out", remote, "--json");

        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["out", "width", "height", "spp", "renderSeconds", "samplesPerSecond"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, json.RootElement.GetProperty("spp").GetInt32());
        var png = SkiaImageDecoder.Decode(await File.ReadAllBytesAsync(remote), long.MaxValue);
        Assert.True(png.Succeeded, png.Message);
        Assert.Equal((96, 64), (png.Image!.Width, png.Image.Height));
        Assert.True(png.Image.Rgba.Where((_, i) => i % 4 != 3).Distinct().Count() > 20, "the image is not blank");
    }

    [Fact]
    public async Task Render_Server_UnknownCamera_PrintsTheCodeAndExitsOne()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var dir = new TestDirectory();

        var (exit, stdout, _) = await CliTests.RunBridgeAsync("render", Scene, "--server", server.Url.ToString(), "--token", BridgeTestServer.Token,
            "--camera", "nope", "--out", Path.Combine(dir.Path, "x.png"), "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(4801, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task RenderLocal_JpegAndText_WritesAJpegAndASummaryLine()
    {
        using var dir = new TestDirectory();
        var output = Path.Combine(dir.Path, "still.jpg");

        var (exit, stdout, stderr) = await CliTests.RunBridgeAsync("render-local", Scene, "--width", "64", "--height", "48", "--spp", "2", "--out", output);

        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        Assert.Contains("64x48, 2 spp in", stdout, StringComparison.Ordinal);
        Assert.Equal("mjpeg,64,48", Ffprobe(output));
    }

    [Fact]
    public async Task RenderLocal_PrincipledDiffuse_RendersAnotherImage_AndAnUnknownModelIsAUsageError()
    {
        using var dir = new TestDirectory();
        var (gltf, principled) = (Path.Combine(dir.Path, "gltf.png"), Path.Combine(dir.Path, "principled.png"));

        var first = await CliTests.RunBridgeAsync("render-local", Scene, "--width", "48", "--height", "32", "--spp", "4", "--out", gltf);
        var second = await CliTests.RunBridgeAsync("render-local", Scene, "--width", "48", "--height", "32", "--spp", "4", "--diffuse", "principled", "--out", principled);
        var (usageExit, _, usage) = await CliTests.RunBridgeAsync("render-local", Scene, "--diffuse", "lambert", "--out", Path.Combine(dir.Path, "x.png"));

        Assert.True(first.Exit == 0 && second.Exit == 0, $"{first} {second}");
        var (a, b) = (MeanByte(await File.ReadAllBytesAsync(gltf)), MeanByte(await File.ReadAllBytesAsync(principled)));
        Assert.True(b > a, $"Principled mean {b:F3}, glTF {a:F3}: Burley's lobe reflects more at grazing angles");
        Assert.Equal(64, usageExit);
        Assert.Contains("lambert", usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderLocal_PixelFilter_TheBoxRendersAnotherImage_AndAWidthOutOfRangeIsRefused()
    {
        using var dir = new TestDirectory();
        var (standard, box) = (Path.Combine(dir.Path, "standard.png"), Path.Combine(dir.Path, "box.png"));

        var first = await CliTests.RunBridgeAsync("render-local", Scene, "--width", "48", "--height", "32", "--spp", "4", "--out", standard);
        var second = await CliTests.RunBridgeAsync("render-local", Scene, "--width", "48", "--height", "32", "--spp", "4", "--pixel-filter", "0", "--out", box);
        var (refusedExit, refusedOut, refusedErr) = await CliTests.RunBridgeAsync("render-local", Scene, "--pixel-filter", "12", "--out", Path.Combine(dir.Path, "x.png"));

        Assert.True(first.Exit == 0 && second.Exit == 0, $"{first} {second}");
        Assert.NotEqual(await File.ReadAllBytesAsync(standard), await File.ReadAllBytesAsync(box));
        Assert.NotEqual(0, refusedExit);
        Assert.Contains("pixelFilter is 12", refusedOut + refusedErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "x.png")));
    }

    private static double MeanByte(byte[] png)
    {
        var decoded = SkiaImageDecoder.Decode(png, long.MaxValue);
        Assert.True(decoded.Succeeded, decoded.Message);
        return decoded.Image!.Rgba.Where((_, i) => i % 4 != 3).Average(v => (double)v);
    }

    [Fact]
    public async Task RenderLocal_UnknownCameraOrBadOutput_FailsWithCodeOrUsage()
    {
        using var dir = new TestDirectory();

        var (exit, stdout, _) = await CliTests.RunBridgeAsync("render-local", Scene, "--camera", "nope", "--out", Path.Combine(dir.Path, "x.png"), "--json");
        var (usageExit, _, usage) = await CliTests.RunBridgeAsync("render-local", Scene, "--out", Path.Combine(dir.Path, "x.gif"));

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(4801, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(64, usageExit);
        Assert.Contains(".gif", usage, StringComparison.Ordinal);
    }

    internal static string Ffprobe(string path)
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "ffprobe did not finish");
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output.Trim();
    }
}
