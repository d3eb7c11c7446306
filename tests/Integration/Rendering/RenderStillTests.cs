using System.Diagnostics;
using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// <c>render.still</c> over a real server: a scene committed with the SDK's transactions is rendered,
/// the image downloaded with <c>cache.download</c> and decoded; the picture shows what the geometry
/// says (lit ground brighter than the sphere's shadow), JPEG is what ffprobe says, cancel stops it.
/// </summary>
public sealed class RenderStillTests
{
    private const int Width = 160;
    private const int Height = 120;

    private static Task<BridgeTestServer> StartAsync() => BridgeTestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Bridge:Rendering:MaxWidth"] = "1024",
        ["Bridge:Rendering:MaxHeight"] = "1024",
    });

    private static async Task<byte[]> DownloadAsync(BridgeSession session, ContentHash hash)
    {
        using var file = new MemoryStream();
        await session.DownloadAsync(hash, file);
        return file.ToArray();
    }

    [Fact]
    public async Task RenderStill_PlaneSphereLight_PngShowsLitGroundBrighterThanTheShadow()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);
        var reports = new List<JobProgress>();

        var result = await session.RenderStillAsync(new RenderStillInput(Width: Width, Height: Height, Spp: 16, Format: "png"), new SyncReporter<JobProgress>(reports.Add));

        Assert.Equal(("png", Width, Height, 16), (result.Format, result.Width, result.Height, result.Spp));
        Assert.True(result.RenderSeconds > 0 && result.SamplesPerSecond > 0, $"{result.RenderSeconds} s, {result.SamplesPerSecond} samples/s");
        Assert.NotEmpty(reports);
        Assert.Equal(16, reports[^1].Partial!.Value.GetProperty("spp").GetInt32());
        Assert.Equal(1.0, reports[^1].Progress, 6);
        var png = await DownloadAsync(session, result.Image);
        Assert.Equal(result.Bytes, png.Length);
        var decoded = SkiaImageDecoder.Decode(png, long.MaxValue);
        Assert.True(decoded.Succeeded, decoded.Message);
        var image = decoded.Image!;
        Assert.True(image.Rgba.Where((_, i) => i % 4 != 3).Distinct().Count() > 20, "the image is not blank");
        var shadow = Mean(image, RenderTestScene.Shadow);
        var litFar = Mean(image, RenderTestScene.LitFar);
        var litNear = Mean(image, RenderTestScene.LitNear);
        Assert.True(shadow < 0.3 * litFar, $"shadow {shadow:F1} must be far darker than lit ground {litFar:F1} (and {litNear:F1})");
        Assert.True(litNear > litFar, $"ground nearer the light {litNear:F1} is brighter than farther ground {litFar:F1}");
    }

    [Fact]
    public async Task RenderStill_Jpeg_IsAJpegOfThatSizeForFfprobe()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        var result = await session.RenderStillAsync(new RenderStillInput(Width: Width, Height: Height, Spp: 4, Format: "jpg", ToneMapping: "aces"));

        Assert.Equal("jpg", result.Format);
        var jpeg = await DownloadAsync(session, result.Image);
        using var dir = new TestDirectory();
        var path = Path.Combine(dir.Path, "still.jpg");
        await File.WriteAllBytesAsync(path, jpeg);
        Assert.Equal($"mjpeg,{Width},{Height}", RenderCliTests.Ffprobe(path));
    }

    [Fact]
    public async Task RenderStill_Exr_IsLinearOpenExr()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session, cameraName: "other");

        var result = await session.RenderStillAsync(new RenderStillInput(Camera: "other", Width: 32, Height: 24, Spp: 2, Format: "exr"));

        var exr = await DownloadAsync(session, result.Image);
        Assert.Equal(new byte[] { 0x76, 0x2f, 0x31, 0x01 }, exr[..4]); // OpenEXR magic number.
    }

    [Fact]
    public async Task RenderStill_CancelledAfterFirstPass_StopsWithCancelled()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);
        using var cancel = new CancellationTokenSource();
        var firstPass = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var render = session.RenderStillAsync(new RenderStillInput(Width: Width, Height: Height, Seconds: 300, Format: "png"),
            new SyncReporter<JobProgress>(_ => firstPass.TrySetResult()), cancel.Token);
        // A render that fails before its first pass shows its own error, not the wait's timeout.
        await Task.WhenAny(firstPass.Task, render).WaitAsync(TimeSpan.FromSeconds(60));
        if (render.IsCompleted)
        {
            await render;
            Assert.Fail("The 300-second render finished before it was cancelled.");
        }

        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => render.WaitAsync(TimeSpan.FromSeconds(60)));
        // The worker is free again: a small render right after completes.
        var next = await session.RenderStillAsync(new RenderStillInput(Width: 16, Height: 16, Spp: 1)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, next.Spp);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"cancel took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task RenderStill_BadRequests_FailWithTheirCodes()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var empty = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RenderStillAsync(new RenderStillInput(Width: 8, Height: 8)));
        Assert.Equal(ErrorCode.RenderNoCamera, empty.Code);
        await RenderTestScene.CommitAsync(session);

        var cases = new (RenderStillInput Input, ErrorCode Code)[]
        {
            (new(Camera: "nope", Width: 8, Height: 8), ErrorCode.RenderCameraNotFound),
            (new(Width: 0, Height: 8), ErrorCode.RenderSizeInvalid),
            (new(Width: 2048, Height: 8), ErrorCode.RenderSizeInvalid),
            (new(Width: 8, Height: 8, Spp: 0), ErrorCode.RenderBudgetInvalid),
            (new(Width: 8, Height: 8, Seconds: -1), ErrorCode.RenderBudgetInvalid),
            (new(Width: 8, Height: 8, Format: "gif"), ErrorCode.RenderFormatInvalid),
            (new(Width: 8, Height: 8, ToneMapping: "filmic"), ErrorCode.RenderFormatInvalid),
            (new(Manifest: new string('0', 64), Width: 8, Height: 8), ErrorCode.SceneMissingCacheEntry),
        };
        foreach (var (input, code) in cases)
        {
            var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RenderStillAsync(input));
            Assert.True(code == refused.Code, $"{input}: expected {code}, got {refused.Code} {refused.Message}");
        }
    }

    [Fact]
    public async Task RenderStill_ClampIndirect_TakesEffectPerRequestAndRepeatsBitForBit()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);
        // The shadowed ground sees the bright point light only through a diffuse bounce off the ball and
        // the lit ground, whose single-sample contributions are far above 0.5.
        static RenderStillInput Input(float? clampIndirect) =>
            new(Width: 64, Height: 48, Spp: 8, Format: "png", FilterGlossy: 0, ClampIndirect: clampIndirect);

        var unclamped = await session.RenderStillAsync(Input(0));
        var clamped = await session.RenderStillAsync(Input(0.5f));
        var again = await session.RenderStillAsync(Input(0.5f));

        var unclampedImage = Decode(await DownloadAsync(session, unclamped.Image));
        var clampedBytes = await DownloadAsync(session, clamped.Image);
        var clampedImage = Decode(clampedBytes);
        var (unclampedMean, clampedMean) = (Mean(unclampedImage), Mean(clampedImage));
        // Same seeds, same samples: the clamp can only remove energy, so any drop is the option at work.
        Assert.True(clampedMean < unclampedMean, $"clampIndirect 0.5 mean {clampedMean:F2} must be below the unclamped {unclampedMean:F2}");
        var (unclampedShadow, clampedShadow) = (Mean(unclampedImage, RenderTestScene.Shadow), Mean(clampedImage, RenderTestScene.Shadow));
        Assert.True(clampedShadow < 0.9 * unclampedShadow, $"the bounce-lit shadow: clamped {clampedShadow:F2}, unclamped {unclampedShadow:F2}");
        Assert.Equal(clamped.Image, again.Image);
        Assert.Equal(clampedBytes, await DownloadAsync(session, again.Image));

        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RenderStillAsync(Input(-1)));
        Assert.Equal(ErrorCode.InvalidArgument, refused.Code);
        Assert.Contains("clampIndirect", refused.Message, StringComparison.Ordinal);
    }

    private static DecodedImage Decode(byte[] png)
    {
        var decoded = SkiaImageDecoder.Decode(png, long.MaxValue);
        Assert.True(decoded.Succeeded, decoded.Message);
        return decoded.Image!;
    }

    /// <summary>Mean of every RGB byte of <paramref name="image"/>.</summary>
    private static double Mean(DecodedImage image) => image.Rgba.Where((_, i) => i % 4 != 3).Average(b => (double)b);

    [Fact]
    public async Task CacheDownload_RangeAndUnknownEntry_AnswerAsSpecified()
    {
        await using var server = await StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var content = new byte[3_000_000];
        new Random(9).NextBytes(content);
        var uploaded = await session.UploadAsync(new MemoryStream(content));

        var whole = await DownloadAsync(session, uploaded.Hash); // Three 1 MiB ranges.
        var range = await session.SendAsync("cache.download",
            System.Text.Json.JsonDocument.Parse($$"""{"hash":"{{uploaded.Hash}}","offset":10,"length":5}""").RootElement);
        var unknown = await session.SendAsync("cache.download",
            System.Text.Json.JsonDocument.Parse($$"""{"hash":"{{new string('a', 64)}}"}""").RootElement);

        Assert.Equal(content, whole);
        Assert.Equal(Convert.ToBase64String(content, 10, 5), range.Result.GetProperty("data").GetString());
        Assert.Equal(content.Length, range.Result.GetProperty("total").GetInt64());
        Assert.Equal(ErrorCode.CacheEntryNotFound, unknown.Error);
    }

    /// <summary>Mean of the RGB bytes in a 5 × 5 window around the pixel <paramref name="world"/> projects to.</summary>
    private static double Mean(DecodedImage image, System.Numerics.Vector3 world)
    {
        var (cx, cy) = RenderTestScene.Project(world, image.Width, image.Height);
        double sum = 0;
        var n = 0;
        for (var y = cy - 2; y <= cy + 2; y++)
        {
            for (var x = cx - 2; x <= cx + 2; x++)
            {
                var i = ((y * image.Width) + x) * 4;
                sum += image.Rgba[i] + image.Rgba[i + 1] + image.Rgba[i + 2];
                n += 3;
            }
        }

        return sum / n;
    }
}
