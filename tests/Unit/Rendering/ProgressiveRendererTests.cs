using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class ProgressiveRendererTests
{
    private static readonly SceneDescription Scene = TestScenes.Mixed();

    [Fact]
    public void RenderPass_StopsAtTargetAndResetStartsOver()
    {
        var options = new RenderOptions { Width = 8, Height = 6, SamplesPerPixel = 5 };
        var renderer = new ProgressiveRenderer(RenderScene.Build(Scene), Scene.Camera, options);
        Assert.Equal(2, renderer.RenderPass(2));
        Assert.False(renderer.IsComplete);
        Assert.Equal(5, renderer.RenderPass(4));
        Assert.True(renderer.IsComplete);
        Assert.Equal(5, renderer.RenderPass(1));
        var first = renderer.Film.Resolve().Pixels;

        renderer.SetCamera(Scene.Camera with { YFov = 0.5f });
        Assert.Equal(0, renderer.SamplesPerPixel);
        Assert.All(renderer.Film.Resolve().Pixels, v => Assert.Equal(0f, v));
        renderer.RenderToCompletion(samplesPerPass: 5);
        Assert.NotEqual(first, renderer.Film.Resolve().Pixels);
    }

    [Fact]
    public void TimeBudget_EndsTheRenderBeforeTheTarget()
    {
        var clock = new ManualTimeProvider();
        var options = new RenderOptions { Width = 4, Height = 4, SamplesPerPixel = 1000, TimeBudget = TimeSpan.FromSeconds(2) };
        var renderer = new ProgressiveRenderer(RenderScene.Build(Scene), Scene.Camera, options, clock);
        renderer.RenderPass();
        Assert.False(renderer.IsComplete);
        clock.Advance(TimeSpan.FromSeconds(2.5));
        renderer.RenderPass();
        Assert.True(renderer.IsComplete);
        Assert.Equal(2, renderer.SamplesPerPixel);
        renderer.RenderToCompletion();
        Assert.Equal(2, renderer.SamplesPerPixel);

        renderer.Reset();
        Assert.False(renderer.IsComplete);
    }

    [Fact]
    public void Options_Invalid_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressiveRenderer(RenderScene.Build(Scene), Scene.Camera, new RenderOptions { Width = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderOptions { MaxDegreeOfParallelism = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => RenderScene.Build(Scene with { Instances = [new InstanceData { Mesh = 7 }] }));
        Assert.Throws<ArgumentException>(() => RenderScene.Build(new SceneDescription { Meshes = [new MeshData { Id = "bad", Positions = [default], Indices = [0, 0, 1] }] }));
    }
}
