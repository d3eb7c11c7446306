using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansBridge.Client;
using OrleansBridge.Rendering;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// The server-wide render defaults (<c>Bridge:Rendering:ClampDirect</c>, <c>ClampIndirect</c>,
/// <c>FilterGlossy</c>, <c>Denoise</c>, <c>Diffuse</c>, <c>PixelFilter</c>, <c>AdaptiveSampling</c>): what a <c>render.still</c> or a new video context gets when its
/// request leaves them out; a request's own value still wins; a wrong value stops the start.
/// </summary>
public sealed class RenderingDefaultsTests
{
    [Fact]
    public async Task ServerDefaults_ApplyToStillsAndNewVideoContexts_AndRequestsStillOverrideThem()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Rendering:ClampIndirect"] = "0.5",
            ["Bridge:Rendering:FilterGlossy"] = "0",
            ["Bridge:Rendering:Denoise"] = "true",
            ["Bridge:Rendering:Diffuse"] = "principled",
        });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        // Renders are deterministic and images content-addressed: equal settings give the same hash.
        var byDefault = await session.RenderStillAsync(new RenderStillInput(Width: 64, Height: 48, Spp: 8, Format: "png"));
        var spelledOut = await session.RenderStillAsync(new RenderStillInput(Width: 64, Height: 48, Spp: 8, Format: "png", Denoise: true, ClampIndirect: 0.5f, FilterGlossy: 0));
        var overridden = await session.RenderStillAsync(new RenderStillInput(Width: 64, Height: 48, Spp: 8, Format: "png", Denoise: false, ClampIndirect: 0));
        var undenoised = await session.RenderStillAsync(new RenderStillInput(Width: 64, Height: 48, Spp: 8, Format: "png", Denoise: false));
        Assert.Equal(spelledOut.Image, byDefault.Image);
        Assert.NotEqual(byDefault.Image, overridden.Image);
        Assert.NotEqual(byDefault.Image, undenoised.Image);

        var contexts = server.Services.GetRequiredService<VideoContexts>();
        var plain = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png"));
        var own = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png", Denoise: false, ClampIndirect: 2f, Diffuse: "gltf"));
        Assert.True(contexts.TryGet(session.SessionId, plain.Id, out var plainContext));
        Assert.True(contexts.TryGet(session.SessionId, own.Id, out var ownContext));
        Assert.Equal((true, 0f, 0.5f, 0f), (plainContext.Settings.Denoise, plainContext.Settings.ClampDirect, plainContext.Settings.ClampIndirect, plainContext.Settings.FilterGlossy));
        Assert.Equal((false, 2f, 0f, OrleansBridge.Rendering.Materials.DiffuseModel.Gltf), (ownContext.Settings.Denoise, ownContext.Settings.ClampIndirect, ownContext.Settings.FilterGlossy, ownContext.Settings.Diffuse));
        // What video.create answers says so too.
        Assert.Equal((true, 0.5f, 0f, "principled"), (plain.Settings.Denoise, plain.Settings.ClampIndirect, plain.Settings.FilterGlossy, plain.Settings.Diffuse));
        Assert.Equal(OrleansBridge.Rendering.Materials.DiffuseModel.PrincipledV1, plainContext.Settings.Diffuse);
    }

    [Fact]
    public async Task Adaptive_ServerDefaultOn_AppliesToStillsAndVideo_ARequestTurnsItOff()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:Rendering:AdaptiveSampling"] = "true" });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        static RenderStillInput Input(bool? adaptive) => new(Width: 64, Height: 48, Spp: 8, Format: "png", Adaptive: adaptive);
        var byDefault = await session.RenderStillAsync(Input(null));
        var adaptive = await session.RenderStillAsync(Input(true));
        var uniform = await session.RenderStillAsync(Input(false));

        Assert.Equal(adaptive.Image, byDefault.Image);
        Assert.NotEqual(uniform.Image, adaptive.Image);
        Assert.Equal(8, adaptive.Spp);

        var contexts = server.Services.GetRequiredService<VideoContexts>();
        var plain = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png"));
        var own = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png", Adaptive: false));
        Assert.True(plain.Settings.Adaptive);
        Assert.False(own.Settings.Adaptive);
        Assert.True(contexts.TryGet(session.SessionId, plain.Id, out var plainContext));
        Assert.True(plainContext.Settings.Adaptive);
    }

    [Fact]
    public async Task Diffuse_ServerDefaultPrincipled_AppliesToStills_ARequestPicksGltf_AndAnUnknownNameIsRefused()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:Rendering:Diffuse"] = "principled" });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        static RenderStillInput Input(string? diffuse) => new(Width: 64, Height: 48, Spp: 8, Format: "png", Diffuse: diffuse);
        var byDefault = await session.RenderStillAsync(Input(null));
        var principled = await session.RenderStillAsync(Input("principled"));
        var gltf = await session.RenderStillAsync(Input("gltf"));

        Assert.Equal(principled.Image, byDefault.Image);
        Assert.NotEqual(gltf.Image, principled.Image);
        var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RenderStillAsync(Input("lambert")));
        Assert.Equal(ErrorCode.InvalidArgument, refused.Code);
        Assert.Contains("diffuse", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PixelFilter_ServerDefaultBox_AppliesToStillsAndVideo_ARequestPicksItsWidth_AndAWidthOutOfRangeIsRefused()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?> { ["Bridge:Rendering:PixelFilter"] = "0" });
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await RenderTestScene.CommitAsync(session);

        static RenderStillInput Input(float? width) => new(Width: 64, Height: 48, Spp: 8, Format: "png", PixelFilter: width);
        var byDefault = await session.RenderStillAsync(Input(null));
        var box = await session.RenderStillAsync(Input(0f));
        var blackmanHarris = await session.RenderStillAsync(Input(1.5f));
        Assert.Equal(box.Image, byDefault.Image);
        Assert.NotEqual(box.Image, blackmanHarris.Image);
        foreach (var wrong in new[] { -0.5f, 10.5f })
        {
            var refused = await Assert.ThrowsAsync<BridgeRequestException>(() => session.RenderStillAsync(Input(wrong)));
            Assert.Equal(ErrorCode.InvalidArgument, refused.Code);
            Assert.Contains("pixelFilter", refused.Message, StringComparison.Ordinal);
        }

        var plain = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png"));
        var own = await session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png", PixelFilter: 2f));
        Assert.Equal((0f, 2f), (plain.Settings.PixelFilter, own.Settings.PixelFilter));
        var contexts = server.Services.GetRequiredService<VideoContexts>();
        Assert.True(contexts.TryGet(session.SessionId, own.Id, out var ownContext));
        Assert.Equal(2f, ownContext.Settings.PixelFilter);
        var refusedVideo = await Assert.ThrowsAsync<BridgeRequestException>(() => session.CreateVideoContextAsync(new VideoSettingsParams(Width: 64, Height: 48, Format: "png", PixelFilter: 11f)));
        Assert.Contains("pixelFilter", refusedVideo.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PixelFilter", "-1")]
    [InlineData("ClampIndirect", "-1")]
    [InlineData("FilterGlossy", "NaN")]
    [InlineData("Diffuse", "lambert")]
    public async Task AWrongDefault_StopsTheStart_NamingTheKey(string key, string value)
    {
        var failed = await Assert.ThrowsAsync<OptionsValidationException>(() => BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            [$"Bridge:Rendering:{key}"] = value,
        }));

        Assert.Contains($"Bridge:Rendering:{key}", failed.Message, StringComparison.Ordinal);
    }
}
