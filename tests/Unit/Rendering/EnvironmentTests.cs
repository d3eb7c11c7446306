using System.Numerics;
using OrleansBridge.Rendering.Lights;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class EnvironmentTests
{
    private static EnvironmentLight HotSpotMap(float rotation = 0f)
    {
        // 32 x 16 equirectangular map, dim everywhere with one bright texel region.
        const int W = 32, H = 16;
        var texels = new float[W * H * 4];
        for (var i = 0; i < W * H; i++)
        {
            var bright = i % W is >= 20 and < 23 && i / W is >= 4 and < 6;
            texels[4 * i] = texels[(4 * i) + 1] = texels[(4 * i) + 2] = bright ? 500f : 0.2f;
            texels[(4 * i) + 3] = 1f;
        }

        return new EnvironmentLight(new EnvironmentData { Map = new TextureData { Width = W, Height = H, RgbaFloat = texels }, RotationY = rotation });
    }

    [Fact]
    public void MapConvention_CentreIsMinusZ_TopIsPlusY_UGrowsTowardsPlusX()
    {
        var light = HotSpotMap();
        Assert.Equal(new Vector2(0.5f, 0.5f), light.ToUv(-Vector3.UnitZ));
        Assert.Equal(0f, light.ToUv(Vector3.UnitY).Y, 6);
        Assert.Equal(0.75f, light.ToUv(Vector3.UnitX).X, 6);
        var rotated = HotSpotMap(MathF.PI / 2f);
        // Turning the map by +90° about +Y brings what was at −Z to −X.
        Assert.Equal(new Vector2(0.5f, 0.5f).X, rotated.ToUv(-Vector3.UnitX).X, 5);
        var back = rotated.FromUv(new Vector2(0.3f, 0.6f), out _);
        Assert.True(Vector2.Distance(new Vector2(0.3f, 0.6f), rotated.ToUv(back)) < 1e-5f);
    }

    [Fact]
    public void ImportanceSampling_PdfMatchesAndIntegratesToOne()
    {
        var light = HotSpotMap(0.4f);
        var stream = new SampleStream(8);
        var estimate = 0.0;
        var hot = 0;
        const int N = 50_000;
        for (var i = 0; i < N; i++)
        {
            var direction = light.Sample(stream.Next2D(), out var pdf);
            Assert.InRange(direction.Length(), 0.9999f, 1.0001f);
            Assert.Equal(light.Pdf(direction), pdf, pdf * 1e-3f);
            hot += light.Radiance(direction).X > 100f ? 1 : 0;
            // Uniform-sphere estimate of ∫ pdf dω (= 1) with an independent direction.
            var uniform = Warp.UniformSphere(stream.Next2D());
            estimate += light.Pdf(uniform) / Warp.UniformSpherePdf / N;
        }

        Assert.InRange(estimate, 0.9, 1.1);
        // The hot spot holds almost all the power: importance sampling must go there most of the time.
        Assert.True(hot > N * 0.8, $"only {hot} of {N} samples in the bright region");
    }
}
