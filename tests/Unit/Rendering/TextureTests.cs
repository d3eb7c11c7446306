using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

public sealed class TextureTests
{
    // A 2 x 2 texture: red, green / blue, white (row 0 is the top, where v = 0).
    private static TextureData Checker(TextureSampler sampler) => new()
    {
        Width = 2,
        Height = 2,
        Rgba8 = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 0, 255, 255, 255, 128],
        Sampler = sampler,
    };

    [Fact]
    public void Nearest_TexelCentres_AndTopRowAtVZero()
    {
        var texture = Checker(new TextureSampler(TextureWrap.Repeat, TextureWrap.Repeat, TextureFilter.Nearest));
        Assert.Equal(new Vector4(1, 0, 0, 1), TextureLookup.Sample(texture, new(0.25f, 0.25f), srgb: false));
        Assert.Equal(new Vector4(0, 1, 0, 1), TextureLookup.Sample(texture, new(0.75f, 0.25f), srgb: false));
        Assert.Equal(new Vector4(0, 0, 1, 0), TextureLookup.Sample(texture, new(0.25f, 0.75f), srgb: false));
    }

    [Theory]
    [InlineData(TextureWrap.Repeat, 1.25f, 0.25f, 1f, 0f)]
    [InlineData(TextureWrap.Repeat, -0.75f, 0.25f, 1f, 0f)]
    [InlineData(TextureWrap.ClampToEdge, 7.75f, 0.25f, 0f, 1f)]
    [InlineData(TextureWrap.ClampToEdge, -3f, 0.25f, 1f, 0f)]
    [InlineData(TextureWrap.MirroredRepeat, 1.25f, 0.25f, 0f, 1f)]
    [InlineData(TextureWrap.MirroredRepeat, 2.25f, 0.25f, 1f, 0f)]
    public void WrapModes_FollowGltf(TextureWrap wrap, float u, float v, float red, float green)
    {
        var texture = Checker(new TextureSampler(wrap, wrap, TextureFilter.Nearest));
        var texel = TextureLookup.Sample(texture, new(u, v), srgb: false);
        Assert.Equal(red, texel.X);
        Assert.Equal(green, texel.Y);
    }

    [Fact]
    public void Bilinear_BetweenTexelCentres_InterpolatesInLinearLight()
    {
        var texture = Checker(TextureSampler.Default);
        // Halfway between red and green centres: half of each, after sRGB decoding of 255 (= 1).
        var middle = TextureLookup.Sample(texture, new(0.5f, 0.25f), srgb: true);
        Assert.Equal(0.5f, middle.X, 5);
        Assert.Equal(0.5f, middle.Y, 5);
        // With REPEAT, u = 0 lies halfway between the last and first columns.
        var seam = TextureLookup.Sample(texture, new(0f, 0.25f), srgb: false);
        Assert.Equal(0.5f, seam.X, 5);
        // The centre of the image mixes all four texels; alpha is always linear.
        Assert.Equal((1f + 1f + 0f + (128f / 255f)) / 4f, TextureLookup.Sample(texture, new(0.5f, 0.5f), srgb: true).W, 5);
    }

    [Fact]
    public void Srgb_DecodesWithTheStandardCurve()
    {
        Assert.Equal(0f, TextureLookup.DecodeSrgb(0));
        Assert.Equal(1f, TextureLookup.DecodeSrgb(255));
        Assert.Equal(0.2158605f, TextureLookup.DecodeSrgb(128), 5);
        Assert.Equal(10f / 255f / 12.92f, TextureLookup.DecodeSrgb(10), 6);
    }

    [Fact]
    public void AlphaMask_AndBlend_DecideCoveragePerHit()
    {
        // A quad facing +Y whose left half (u < 0.5) has alpha 0 and right half alpha 1 (nearest).
        var alpha = new TextureData
        {
            Width = 2,
            Height = 1,
            Rgba8 = [255, 255, 255, 0, 255, 255, 255, 255],
            Sampler = new TextureSampler(TextureWrap.ClampToEdge, TextureWrap.ClampToEdge, TextureFilter.Nearest),
        };
        var quad = ProceduralMeshes.Plane("quad", 2f);
        foreach (var mode in new[] { AlphaMode.Mask, AlphaMode.Blend, AlphaMode.Opaque })
        {
            var scene = RenderScene.Build(new SceneDescription
            {
                Meshes = [quad],
                Textures = [alpha],
                Materials = [new MaterialData { BaseColorTexture = 0, AlphaMode = mode, BaseColorFactor = new(1, 1, 1, mode == AlphaMode.Blend ? 0.5f : 1f) }],
                Instances = [new InstanceData { Mesh = 0, Material = 0 }],
            });
            var left = new Ray(new Vector3(-0.5f, 1f, 0f), -Vector3.UnitY);
            var right = new Ray(new Vector3(0.5f, 1f, 0f), -Vector3.UnitY);
            Assert.Equal(mode == AlphaMode.Opaque, scene.Occluded(left, float.PositiveInfinity));
            if (mode != AlphaMode.Blend)
            {
                Assert.True(scene.Occluded(right, float.PositiveInfinity));
                continue;
            }

            // Blend with alpha 0.5 on the right half: about half of many distinct rays stop there.
            var random = new Random(1);
            var stopped = 0;
            const int N = 4000;
            for (var i = 0; i < N; i++)
            {
                var origin = new Vector3(0.1f + (0.8f * random.NextSingle()), 1f, (random.NextSingle() * 1.8f) - 0.9f);
                var hit = SurfaceHit.Miss(float.PositiveInfinity);
                stopped += scene.Intersect(new Ray(origin, -Vector3.UnitY), ref hit) ? 1 : 0;
            }

            Assert.InRange(stopped, (N / 2) - (5 * 32), (N / 2) + (5 * 32));
        }
    }

    [Fact]
    public void NormalMap_TangentSpaceXAndY_TiltTowardsPlusUAndTextureUp()
    {
        // The plane faces +Y; u grows along +X and v along +Z, so texture "up" (−v) is −Z.
        foreach (var (red, green, expected) in new[] { ((byte)255, (byte)128, new Vector3(1, 0, 0)), ((byte)128, (byte)255, new Vector3(0, 0, -1)) })
        {
            var normalMap = new TextureData { Width = 1, Height = 1, Rgba8 = [red, green, 255, 255] };
            var scene = RenderScene.Build(new SceneDescription
            {
                Meshes = [ProceduralMeshes.Plane("plane", 2f)],
                Textures = [normalMap],
                Materials = [new MaterialData { NormalTexture = 0 }],
                Instances = [new InstanceData { Mesh = 0, Material = 0 }],
            });
            var ray = new Ray(new Vector3(0.1f, 1f, 0.2f), -Vector3.UnitY);
            var hit = SurfaceHit.Miss(float.PositiveInfinity);
            Assert.True(scene.Intersect(ray, ref hit));
            scene.Shade(ray, hit, out var si);
            var n = si.Shading.N;
            Assert.True(Vector3.Dot(n, expected) > 0.6f, $"texel ({red}, {green}) tilted the normal to {n}, expected towards {expected}");
            Assert.True(n.Y > 0.6f);
        }
    }

    [Fact]
    public void TextureTransform_OffsetRotationScale_FollowKhrTextureTransform()
    {
        var binding = new TextureBinding(0) { Offset = new(0.5f, 0.25f), Rotation = MathF.PI / 2f, Scale = new(2f, 3f) };
        // u' = cos r·sx·u + sin r·sy·v + ox = 3v + 0.5; v' = −sin r·sx·u + cos r·sy·v + oy = −2u + 0.25.
        var uv = new Vector2(0.1f, 0.2f);
        var expected = new Vector2((3f * 0.2f) + 0.5f, (-2f * 0.1f) + 0.25f);
        Assert.True(Vector2.Distance(expected, binding.Apply(uv)) < 1e-6f, $"{binding.Apply(uv)}");
        Assert.True(Vector2.Distance(expected, new OrleansBridge.Rendering.Shading.TextureSlot(binding).Map(uv)) < 1e-6f);
        Assert.Equal(uv, new OrleansBridge.Rendering.Shading.TextureSlot(TextureBinding.FromIndex(0)).Map(uv));

        // Shifting u by half the checker turns the red texel green.
        var texture = Checker(new TextureSampler(TextureWrap.Repeat, TextureWrap.Repeat, TextureFilter.Nearest));
        var shifted = new OrleansBridge.Rendering.Shading.TextureSlot(new TextureBinding(0) { Offset = new(0.5f, 0f) });
        Assert.Equal(new Vector4(0, 1, 0, 1), TextureLookup.Sample(texture, shifted.Map(new(0.25f, 0.25f)), srgb: false));
    }

    [Fact]
    public void Background_SeenByCameraRays_WhileTheEnvironmentStillLights()
    {
        var scene = RenderScene.Build(new SceneDescription
        {
            Meshes = [ProceduralMeshes.Plane("plane", 4f)],
            Materials = [new MaterialData { MetallicFactor = 0f }],
            Instances = [new InstanceData { Mesh = 0, Material = 0 }],
            Environment = new EnvironmentData { Color = Vector3.One, Background = new Vector3(0.1f, 0.2f, 0.3f) },
        });
        var integrator = new OrleansBridge.Rendering.Integrators.PathIntegrator(scene);
        var sampler = new OrleansBridge.Rendering.Sampling.PixelSampler(1, 0, 0, 0);
        Assert.Equal(new Vector3(0.1f, 0.2f, 0.3f), integrator.Li(new Ray(new Vector3(0, 1, 0), Vector3.UnitY), ref sampler));
        var lit = integrator.Li(new Ray(new Vector3(0, 1, 0), -Vector3.UnitY), ref sampler);
        Assert.True(lit.X > 0.3f, $"the plane should be lit by the white environment, got {lit}");
    }
}
