using OrleansBridge.Rendering.Video;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

public sealed class VideoSettingsTests
{
    [Fact]
    public void TryApply_NewContext_TakesTheDocumentedDefaultsPerMode()
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var streaming, out _));
        Assert.Equal((640, 360, VideoFormat.H264, VideoMode.Streaming, 256, 4), (streaming.Width, streaming.Height, streaming.Format, streaming.Mode, streaming.Spp, streaming.MaxPendingFrames));
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(Mode: "batch"), out var batch, out _));
        Assert.Equal((VideoFormat.Lossless, 16), (batch.Format, batch.Spp));
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(Mode: "Synchronous", Format: "jpeg"), out var sync, out _));
        Assert.Equal((VideoMode.Synchronous, VideoFormat.Jpg, 16), (sync.Mode, sync.Format, sync.Spp));
    }

    [Theory]
    [InlineData(641, 360, "h264", null, null, null, "even")]
    [InlineData(8, 360, "png", null, null, null, "16")]
    [InlineData(640, 360, "gif", null, null, null, "format")]
    [InlineData(640, 360, "h264", 100, 10, 200, "minKbps")]
    [InlineData(640, 360, "h264", 9000, null, null, "minKbps")]
    public void TryApply_OutOfRange_IsRefusedWithAReasonNamingIt(int width, int height, string format, int? target, int? min, int? max, string named)
    {
        Assert.False(VideoSettings.TryApply(null, new VideoSettingsParams(Width: width, Height: height, Format: format, TargetKbps: target, MinKbps: min, MaxKbps: max), out _, out var problem));
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryApply_Update_ChangesOnlyWhatIsGivenAndKnowsWhatNeedsANewEncoderOrFilm()
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(Width: 320, Height: 180, MaxFps: 10), out var current, out _));
        Assert.True(VideoSettings.TryApply(current, new VideoSettingsParams(Context: "v1", MaxFps: 20), out var faster, out _));
        Assert.Equal((320, 180, 20.0), (faster.Width, faster.Height, faster.MaxFps));
        Assert.False(faster.NeedsNewEncoder(current));
        Assert.False(faster.NeedsNewFilm(current));
        Assert.True(VideoSettings.TryApply(current, new VideoSettingsParams(Width: 640, Height: 360), out var bigger, out _));
        Assert.True(bigger.NeedsNewEncoder(current));
        Assert.True(bigger.NeedsNewFilm(current));
        Assert.False(VideoSettings.TryApply(current, new VideoSettingsParams(Mode: "batch"), out _, out var problem), "batch with h264");
        Assert.Contains("batch", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryApply_Denoise_OffUnlessAskedKeptAcrossUpdatesAndNeedsANewFilm()
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var plain, out _));
        Assert.False(plain.Denoise);
        Assert.False(plain.ToResult("v1", "x").Denoise);
        Assert.True(VideoSettings.TryApply(plain, new VideoSettingsParams(Context: "v1", Denoise: true), out var denoised, out _));
        Assert.True(denoised.Denoise);
        Assert.True(denoised.ToResult("v1", "x").Denoise);
        Assert.True(denoised.NeedsNewFilm(plain), "the film must keep features");
        Assert.False(denoised.NeedsNewEncoder(plain));
        Assert.True(VideoSettings.TryApply(denoised, new VideoSettingsParams(Context: "v1", MaxFps: 5), out var later, out _));
        Assert.True(later.Denoise);

        // Backward compatible on the wire: a body without the field reads as "unchanged" (off for a new context).
        var parsed = System.Text.Json.JsonSerializer.Deserialize("""{"width":320,"height":180}""", VideoJson.Default.VideoSettingsParams)!;
        Assert.Null(parsed.Denoise);
    }

    [Fact]
    public void TryApply_NewContext_StartsFromTheServersDefaults_TheRequestWinsAndAnUpdateKeepsThem()
    {
        var defaults = VideoSettings.Defaults(new OrleansBridge.Rendering.RenderingOptions { Denoise = true, ClampDirect = 3f, ClampIndirect = 0.5f, FilterGlossy = 0f });

        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(Mode: "batch"), out var batch, out _, defaults));
        Assert.Equal((true, 3f, 0.5f, 0f), (batch.Denoise, batch.ClampDirect, batch.ClampIndirect, batch.FilterGlossy));
        Assert.Equal((16, VideoFormat.Lossless), (batch.Spp, batch.Format)); // the mode's own defaults still apply
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(Denoise: false, ClampIndirect: 7f), out var own, out _, defaults));
        Assert.Equal((false, 3f, 7f, 0f), (own.Denoise, own.ClampDirect, own.ClampIndirect, own.FilterGlossy));

        // An existing context keeps what it was created with, whatever the defaults given.
        Assert.True(VideoSettings.TryApply(own, new VideoSettingsParams(Context: "v1", MaxFps: 5), out var later, out _, VideoSettings.Defaults(new())));
        Assert.Equal((false, 3f, 7f, 0f), (later.Denoise, later.ClampDirect, later.ClampIndirect, later.FilterGlossy));
    }

    [Fact]
    public void TryApply_Diffuse_FromTheServersDefaultOrTheRequest_KeptBetweenSilos_NeedsANewFilm_AndUnknownNamesAreRefused()
    {
        var principledServer = VideoSettings.Defaults(new OrleansBridge.Rendering.RenderingOptions { Diffuse = "principled" });
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var byDefault, out _, principledServer));
        Assert.Equal(OrleansBridge.Rendering.Materials.DiffuseModel.PrincipledV1, byDefault.Diffuse);
        Assert.Equal("principled", byDefault.ToResult("v1", "x").Diffuse);

        Assert.True(VideoSettings.TryApply(byDefault, new VideoSettingsParams(Context: "v1", Diffuse: "gltf"), out var gltf, out _));
        Assert.Equal(OrleansBridge.Rendering.Materials.DiffuseModel.Gltf, gltf.Diffuse);
        Assert.True(gltf.NeedsNewFilm(byDefault), "samples of one lobe must not be mixed with the other's");
        Assert.False(gltf.NeedsNewEncoder(byDefault));

        // Between silos the settings travel as parameters and come back the same.
        Assert.True(VideoSettings.TryRead(byDefault.ToParams(), out var read, out _));
        Assert.Equal(byDefault, read);

        Assert.False(VideoSettings.TryApply(null, new VideoSettingsParams(Diffuse: "lambert"), out _, out var problem));
        Assert.Contains("diffuse", problem, StringComparison.Ordinal);
        var old = System.Text.Json.JsonSerializer.Deserialize(
            """{"context":"v1","format":"h264","mode":"streaming","encoder":"x","width":640,"height":360,"targetKbps":4000,"minKbps":500,"maxKbps":8000,"maxFps":30,"renderFps":30,"maxPendingFrames":4,"spp":256,"samplesPerPass":1,"quality":80}""",
            VideoJson.Default.VideoContextResult)!;
        Assert.Equal("gltf", old.Diffuse);
    }

    [Fact]
    public void TryApply_PixelFilter_FromTheServersDefaultOrTheRequest_KeptBetweenSilos_NeedsANewFilm_AndOutOfRangeIsRefused()
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var renderers, out _));
        Assert.Equal(OrleansBridge.Rendering.Sampling.PixelFilter.CyclesDefault, renderers.PixelFilter);
        var boxServer = VideoSettings.Defaults(new OrleansBridge.Rendering.RenderingOptions { PixelFilter = 0f });
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var byDefault, out _, boxServer));
        Assert.Equal(0f, byDefault.PixelFilter);
        Assert.Equal(0f, byDefault.ToResult("v1", "x").PixelFilter);

        Assert.True(VideoSettings.TryApply(byDefault, new VideoSettingsParams(Context: "v1", PixelFilter: 1.5f), out var wider, out _));
        Assert.Equal(1.5f, wider.PixelFilter);
        Assert.True(wider.NeedsNewFilm(byDefault), "samples placed by one filter must not be mixed with the other's");
        Assert.False(wider.NeedsNewEncoder(byDefault));
        Assert.True(VideoSettings.TryApply(wider, new VideoSettingsParams(Context: "v1", Spp: 512), out var later, out _));
        Assert.Equal(1.5f, later.PixelFilter);

        Assert.True(VideoSettings.TryRead(wider.ToParams(), out var read, out _));
        Assert.Equal(wider, read);

        foreach (var wrong in new[] { -1f, 10.5f, float.NaN })
        {
            Assert.False(VideoSettings.TryApply(null, new VideoSettingsParams(PixelFilter: wrong), out _, out var problem));
            Assert.Contains("pixelFilter", problem, StringComparison.Ordinal);
        }

        // A server predating the setting filtered with the box.
        var old = System.Text.Json.JsonSerializer.Deserialize(
            """{"context":"v1","format":"h264","mode":"streaming","encoder":"x","width":640,"height":360,"targetKbps":4000,"minKbps":500,"maxKbps":8000,"maxFps":30,"renderFps":30,"maxPendingFrames":4,"spp":256,"samplesPerPass":1,"quality":80}""",
            VideoJson.Default.VideoContextResult)!;
        Assert.Equal(0f, old.PixelFilter);
    }

    [Fact]
    public void TryApply_Adaptive_FromTheServersDefaultOrTheRequest_KeptBetweenSilos_AndNeedsANewFilm()
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var renderers, out _));
        Assert.False(renderers.Adaptive);
        var adaptiveServer = VideoSettings.Defaults(new OrleansBridge.Rendering.RenderingOptions { AdaptiveSampling = true });
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var byDefault, out _, adaptiveServer));
        Assert.True(byDefault.Adaptive);
        Assert.True(byDefault.ToResult("v1", "x").Adaptive);

        Assert.True(VideoSettings.TryApply(byDefault, new VideoSettingsParams(Context: "v1", Adaptive: false), out var uniform, out _));
        Assert.False(uniform.Adaptive);
        Assert.True(uniform.NeedsNewFilm(byDefault), "a film's samples per pixel mean another thing with adaptive sampling");
        Assert.False(uniform.NeedsNewEncoder(byDefault));
        Assert.True(VideoSettings.TryApply(byDefault, new VideoSettingsParams(Context: "v1", Spp: 512), out var later, out _));
        Assert.True(later.Adaptive);

        Assert.True(VideoSettings.TryRead(byDefault.ToParams(), out var read, out _));
        Assert.Equal(byDefault, read);

        // A server predating the setting sampled every pixel alike.
        var old = System.Text.Json.JsonSerializer.Deserialize(
            """{"context":"v1","format":"h264","mode":"streaming","encoder":"x","width":640,"height":360,"targetKbps":4000,"minKbps":500,"maxKbps":8000,"maxFps":30,"renderFps":30,"maxPendingFrames":4,"spp":256,"samplesPerPass":1,"quality":80}""",
            VideoJson.Default.VideoContextResult)!;
        Assert.False(old.Adaptive);
    }

    [Fact]
    public void TryApply_FireflyControls_DefaultToTheRenderersKeptAcrossUpdatesAndNeedANewFilm()
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var plain, out _));
        Assert.Equal((0f, 10f, 1f), (plain.ClampDirect, plain.ClampIndirect, plain.FilterGlossy));
        var result = plain.ToResult("v1", "x");
        Assert.Equal((0f, 10f, 1f), (result.ClampDirect, result.ClampIndirect, result.FilterGlossy));

        Assert.True(VideoSettings.TryApply(plain, new VideoSettingsParams(Context: "v1", ClampIndirect: 0), out var unclamped, out _));
        Assert.Equal((0f, 0f, 1f), (unclamped.ClampDirect, unclamped.ClampIndirect, unclamped.FilterGlossy));
        Assert.True(unclamped.NeedsNewFilm(plain), "samples summed with the old clamp must not be mixed with new ones");
        Assert.False(unclamped.NeedsNewEncoder(plain));
        Assert.Equal(0f, unclamped.ToResult("v1", "x").ClampIndirect);

        Assert.True(VideoSettings.TryApply(unclamped, new VideoSettingsParams(Context: "v1", MaxFps: 5), out var later, out _));
        Assert.Equal(0f, later.ClampIndirect);
        Assert.False(later.NeedsNewFilm(unclamped));

        Assert.True(VideoSettings.TryApply(later, new VideoSettingsParams(Context: "v1", FilterGlossy: 0), out var sharp, out _));
        Assert.True(sharp.NeedsNewFilm(later));
        Assert.True(VideoSettings.TryApply(sharp, new VideoSettingsParams(Context: "v1", ClampDirect: 20), out var direct, out _));
        Assert.True(direct.NeedsNewFilm(sharp));
        Assert.Equal((20f, 0f, 0f), (direct.ClampDirect, direct.ClampIndirect, direct.FilterGlossy));

        // A body without the fields reads as "unchanged"; a result without them (an older server) as Cycles' defaults.
        var parsed = System.Text.Json.JsonSerializer.Deserialize("""{"width":320,"height":180}""", VideoJson.Default.VideoSettingsParams)!;
        Assert.Equal((null, null, null), (parsed.ClampDirect, parsed.ClampIndirect, parsed.FilterGlossy));
        var old = System.Text.Json.JsonSerializer.Deserialize(
            """{"context":"v1","format":"h264","mode":"streaming","encoder":"x","width":640,"height":360,"targetKbps":4000,"minKbps":500,"maxKbps":8000,"maxFps":30,"renderFps":30,"maxPendingFrames":4,"spp":256,"samplesPerPass":1,"quality":80}""",
            VideoJson.Default.VideoContextResult)!;
        Assert.Equal((0f, 10f, 1f), (old.ClampDirect, old.ClampIndirect, old.FilterGlossy));
    }

    [Theory]
    [InlineData(-1f, null, null, "clampDirect")]
    [InlineData(null, -0.01f, null, "clampIndirect")]
    [InlineData(null, null, -1f, "filterGlossy")]
    [InlineData(null, float.NaN, null, "clampIndirect")]
    [InlineData(null, null, float.NegativeInfinity, "filterGlossy")]
    public void TryApply_FireflyControlNegativeOrNonFinite_IsRefusedNamingTheFieldAndNothingChanges(float? clampDirect, float? clampIndirect, float? filterGlossy, string field)
    {
        Assert.True(VideoSettings.TryApply(null, new VideoSettingsParams(), out var current, out _));

        Assert.False(VideoSettings.TryApply(current, new VideoSettingsParams(Context: "v1", ClampDirect: clampDirect, ClampIndirect: clampIndirect, FilterGlossy: filterGlossy), out _, out var problem));
        Assert.Contains(field, problem, StringComparison.Ordinal);
        Assert.Equal((0f, 10f, 1f), (current.ClampDirect, current.ClampIndirect, current.FilterGlossy));
    }
}
