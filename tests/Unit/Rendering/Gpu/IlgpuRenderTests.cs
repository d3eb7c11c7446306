using System.Numerics;
using System.Security.Cryptography;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Gpu;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Scene;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Rendering.Gpu;

/// <summary>
/// The GPU backend's kernel run on ILGPU's CPU accelerator (the same kernel CUDA and OpenCL compile),
/// held to the CPU path tracer statistically: tiny images, since the accelerator emulates GPU threads.
/// </summary>
public sealed class IlgpuRenderTests(ITestOutputHelper output)
{
    [Fact]
    public void MixedScene_AgreesWithCpuReference_PerPixelZTest()
    {
        // Every light path type at once (point light, one-sided emissive quad, environment, diffuse,
        // glossy and metal): a wrong density, weight, BSDF or traversal on the device shows as z-scores.
        var description = TestScenes.Mixed();
        var (gpu, _) = GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 256, seed: 1, maxBounces: 5);
        var reference = PixelStatistics.Measure(new PathIntegrator(RenderScene.Build(description), 5, 3), new PerspectiveCamera(description.Camera, 16, 12), 1024, seed: 2);
        output.WriteLine(Report("ilgpu-cpu 256 spp vs cpu 1024 spp", gpu, reference));
        PixelStatistics.AssertSameExpectation(gpu, reference, "ilgpu-cpu vs cpu reference");
    }

    [Fact]
    public void TexturedScene_AgreesWithCpuReference_PerPixelZTest()
    {
        // Base colour (sRGB, nearest, KHR_texture_transform), metallic-roughness (float texels, bilinear,
        // mirrored), occlusion (on the environment only), normal maps (tangents from the texture
        // coordinates), an emissive texture on the area light, which also shapes the light samples'
        // radiance, and alpha: a blended sphere (α 0.6) and a masked, holed one (texture alpha, cutoff ½).
        var description = TexturedScene();
        var (gpu, _) = GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 256, seed: 1, maxBounces: 5);
        var reference = PixelStatistics.Measure(new PathIntegrator(RenderScene.Build(description), 5, 3), new PerspectiveCamera(description.Camera, 16, 12), 1024, seed: 2);
        output.WriteLine(Report("textured, ilgpu-cpu 256 spp vs cpu 1024 spp", gpu, reference));
        PixelStatistics.AssertSameExpectation(gpu, reference, "textured: ilgpu-cpu vs cpu reference");
    }

    [Theory]
    [InlineData("Importance")]
    [InlineData("Power")]
    public void SameSeed_TracesTheCpuPaths_PixelForPixel(string selectionName)
    {
        // The device draws the CPU sampler's numbers, builds the CPU's frames and picks lights with the
        // CPU's light tree (or alias table), so both trace the same paths: pixels agree to float rounding,
        // except where rounding flips a discrete decision (roulette, a lobe, a grazing hit).
        // Blending is left out: its stochastic decision hashes the ray's bits, so the last-bit differences
        // of the two devices' arithmetic decide differently (the z-tests cover it). Both place the samples
        // with the product's pixel filter (Blackman–Harris 1.5), read from the same table.
        var selection = Enum.Parse<OrleansBridge.Rendering.Lights.LightSelection>(selectionName);
        var textured = TexturedScene();
        var description = textured with { Materials = [.. textured.Materials.Select(m => m.AlphaMode == AlphaMode.Blend ? m with { AlphaMode = AlphaMode.Opaque } : m)] };
        var scene = RenderScene.Build(description, null, selection);
        var options = new RenderOptions { Width = 16, Height = 12, SamplesPerPixel = 16, Seed = 7, MaxBounces = 5, ClampIndirect = 0f, FilterGlossy = 0f };
        var (_, film) = GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 16, seed: 7, maxBounces: 5, built: scene, pixelFilter: options.PixelFilter);
        using var cpu = new ProgressiveRenderer(scene, description.Camera, options);
        cpu.RenderToCompletion(16);
        AssertMatchesCpu(film.Resolve().Pixels, cpu.Resolve().Pixels, selection.ToString());
    }

    [Fact]
    public void EnvironmentMap_AgreesWithCpu_ByZTestAndPixelForPixel()
    {
        // An equirectangular map with a bright patch, turned about +Y: importance-sampled by the CPU's
        // Distribution2D on the device, looked up by direction for escaping rays and MIS.
        var mixed = TestScenes.Mixed();
        var texels = new float[8 * 4 * 4];
        for (var i = 0; i < 32; i++)
        {
            var bright = i is 10 or 11;
            new[] { bright ? 40f : 0.2f + (0.05f * (i % 8)), bright ? 30f : 0.3f, bright ? 20f : 0.5f - (0.1f * (i / 8)), 1f }.CopyTo(texels, 4 * i);
        }

        var description = mixed with
        {
            Lights = [],
            Environment = new EnvironmentData { Color = Vector3.One, RotationY = 0.7f, Map = new TextureData { Width = 8, Height = 4, RgbaFloat = texels } },
        };
        var (gpu, film) = GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 256, seed: 1, maxBounces: 5);
        var scene = RenderScene.Build(description);
        var reference = PixelStatistics.Measure(new PathIntegrator(scene, 5, 3), new PerspectiveCamera(description.Camera, 16, 12), 1024, seed: 2);
        output.WriteLine(Report("environment map, ilgpu-cpu 256 spp vs cpu 1024 spp", gpu, reference));
        PixelStatistics.AssertSameExpectation(gpu, reference, "environment map: ilgpu-cpu vs cpu reference");

        var options = new RenderOptions { Width = 16, Height = 12, SamplesPerPixel = 256, Seed = 1, MaxBounces = 5, ClampIndirect = 0f, FilterGlossy = 0f, PixelFilter = 0f };
        using var cpu = new ProgressiveRenderer(scene, description.Camera, options);
        cpu.RenderToCompletion(256);
        AssertMatchesCpu(film.Resolve().Pixels, cpu.Resolve().Pixels, "environment map, same seed");
    }

    [Fact]
    public void Denoised_OnGpuBackend_EqualsTheCpusDenoisedImage()
    {
        // The kernel keeps the denoiser's features (first-hit albedo and normal, luminance²) as the CPU
        // film does, so the same seed gives the same denoised image to float rounding.
        var description = TestScenes.Mixed();
        var scene = RenderScene.Build(description);
        var options = new RenderOptions { Width = 16, Height = 12, SamplesPerPixel = 8, Seed = 3, Denoise = true };
        using var gpu = new ProgressiveRenderer(scene, description.Camera, options, backend: GpuTestDevices.CpuAccelerator);
        using var cpu = new ProgressiveRenderer(scene, description.Camera, options);
        Assert.Equal("ilgpu-cpu", gpu.Device);
        gpu.RenderPass(3);
        gpu.RenderToCompletion(5);
        cpu.RenderToCompletion(8);
        var device = gpu.Resolve().Pixels;
        var host = cpu.Resolve().Pixels;
        AssertMatchesCpu(device, host, "denoised");
        Assert.NotEqual(gpu.Film.Resolve().Pixels, device);
    }

    [Fact]
    public void PrincipledDiffuse_OnGpuBackend_TracesTheCpuPaths_AndDiffersFromGltfsLobe()
    {
        // The kernel evaluates Burley's lobe as GltfBsdf.PrincipledV1Lobes does, so the same seed gives the
        // CPU's pixels to float rounding; the glTF lobe's image on the device is another.
        var description = TestScenes.Mixed();
        var scene = RenderScene.Build(description);
        var options = new RenderOptions { Width = 16, Height = 12, SamplesPerPixel = 16, Seed = 5, MaxBounces = 5, Diffuse = DiffuseModel.PrincipledV1 };
        Assert.Null(GpuSupport.Refusal(scene, options));
        using var gpu = new ProgressiveRenderer(scene, description.Camera, options, backend: GpuTestDevices.CpuAccelerator);
        using var cpu = new ProgressiveRenderer(scene, description.Camera, options);
        using var gltf = new ProgressiveRenderer(scene, description.Camera, options with { Diffuse = DiffuseModel.Gltf }, backend: GpuTestDevices.CpuAccelerator);
        Assert.Equal("ilgpu-cpu", gpu.Device);
        gpu.RenderToCompletion(16);
        cpu.RenderToCompletion(16);
        gltf.RenderToCompletion(16);
        var device = gpu.Resolve().Pixels;
        var host = cpu.Resolve().Pixels;
        AssertMatchesCpu(device, host, "principled");
        Assert.True(device.Average() > gltf.Resolve().Pixels.Average() * 1.01, $"Principled {device.Average():F5}, glTF {gltf.Resolve().Pixels.Average():F5}");
    }

    [Fact]
    public void WhiteFurnace_WhiteMaterials_NoPixelGainsEnergy()
    {
        // As the CPU test: white materials under an environment of radiance 1 reflect at most 1.
        var description = TestScenes.Furnace(
            new MaterialData { MetallicFactor = 0f, RoughnessFactor = 1f },
            new MaterialData { MetallicFactor = 0f, RoughnessFactor = 0.3f },
            new MaterialData { MetallicFactor = 1f, RoughnessFactor = 0.2f },
            new MaterialData { MetallicFactor = 0.5f, RoughnessFactor = 0.6f });
        var (stats, _) = GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 24, 16, 64, seed: 3, maxBounces: 12);
        for (var i = 0; i < stats.Mean.Length; i++)
        {
            Assert.True(stats.Mean[i] <= 1.0 + (5 * stats.StandardError(i)) + 1e-5, $"value {i / 3}: {stats.Mean[i]:F4} ± {stats.StandardError(i):F4} exceeds the furnace");
        }

        Assert.True(stats.Mean.Average() < 0.99, $"mean {stats.Mean.Average():F4}");

        // The background pixels see the environment directly: exactly 1.
        Assert.Contains(stats.Mean, m => Math.Abs(m - 1.0) < 1e-6);
    }

    [Fact]
    public void SameSeed_GivesIdenticalImage_WhateverThePassSplit()
    {
        var description = TestScenes.Mixed();
        var once = Hash(GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 8, seed: 5).Film);
        var again = Hash(GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 8, seed: 5).Film);
        var inPasses = Hash(GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 8, seed: 5, samplesPerPass: 3).Film);
        var otherSeed = Hash(GpuTestDevices.Render(GpuTestDevices.CpuAccelerator, description, 16, 12, 8, seed: 6).Film);
        Assert.Equal(once, again);
        Assert.Equal(once, inPasses);
        Assert.NotEqual(once, otherSeed);
    }

    [Fact]
    public void ProgressiveRenderer_OnGpuBackend_AccumulatesAndResets()
    {
        var description = TestScenes.Mixed();
        var scene = RenderScene.Build(description);
        var options = new RenderOptions { Width = 8, Height = 6, SamplesPerPixel = 4, Seed = 9 };
        using var renderer = new ProgressiveRenderer(scene, description.Camera, options, backend: GpuTestDevices.CpuAccelerator);
        Assert.Equal("ilgpu-cpu", renderer.Device);
        Assert.Equal(2, renderer.RenderPass(2));
        var afterTwo = renderer.Resolve().Pixels.ToArray();
        Assert.Equal(4, renderer.RenderPass(8));
        Assert.True(renderer.IsComplete);
        renderer.Reset();
        Assert.Equal(2, renderer.RenderPass(2));
        Assert.Equal(afterTwo, renderer.Resolve().Pixels);
    }

    [Fact]
    public void Cancellation_BetweenLaunches_LeavesWholeSamples()
    {
        var description = TestScenes.Mixed();
        var options = new RenderOptions { Width = 8, Height = 6, SamplesPerPixel = 64, Seed = 9 };
        using var renderer = new ProgressiveRenderer(RenderScene.Build(description), description.Camera, options, backend: GpuTestDevices.CpuAccelerator);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => renderer.RenderPass(16, cancelled.Token));
        Assert.Equal(0, renderer.SamplesPerPixel);
        Assert.Equal(2, renderer.RenderPass(2));
    }

    [Fact]
    public void UnsupportedScene_FallsBackToCpu_SayingWhy()
    {
        var reasons = new List<string>();
        using var backend = GpuRenderBackend.TryCreate(RenderDevice.IlgpuCpu, reasons.Add)!;
        var description = TestScenes.Mixed();
        description = description with { Materials = [.. description.Materials.Select((m, i) => i == 1 ? m with { TransmissionFactor = 1f } : m)] };
        var options = new RenderOptions { Width = 8, Height = 6, SamplesPerPixel = 1 };
        using var renderer = new ProgressiveRenderer(RenderScene.Build(description), description.Camera, options, backend: backend);
        Assert.Equal("cpu", renderer.Device);
        Assert.Equal(["material 1 transmits (KHR_materials_transmission)"], reasons);

        var mixed = TestScenes.Mixed();
        var sheen = mixed with { Materials = [.. mixed.Materials.Select((m, i) => i == 2 ? m with { SheenColorFactor = new(0.5f, 0.5f, 0.5f) } : m)] };
        using var sheenRenderer = new ProgressiveRenderer(RenderScene.Build(sheen), description.Camera, options, backend: backend);
        Assert.Equal("cpu", sheenRenderer.Device);
        Assert.Equal("material 2 has sheen (KHR_materials_sheen)", reasons[^1]);
    }

    [Fact]
    public void DeviceSetting_ParsesEveryValue_AndRefusesOthers()
    {
        Assert.True(RenderDevices.TryParse(null, out var device) && device == RenderDevice.Auto);
        Assert.True(RenderDevices.TryParse("CUDA", out device) && device == RenderDevice.Cuda);
        Assert.True(RenderDevices.TryParse("opencl", out device) && device == RenderDevice.OpenCl);
        Assert.True(RenderDevices.TryParse("ilgpu-cpu", out device) && device == RenderDevice.IlgpuCpu);
        Assert.True(RenderDevices.TryParse("cpu", out device) && device == RenderDevice.Cpu);
        Assert.False(RenderDevices.TryParse("vulkan", out _));
        Assert.Equal("cpu", RenderDevices.Create("cpu").Device);
        var error = Assert.Throws<ArgumentException>(() => RenderDevices.Create("vulkan"));
        Assert.Contains("auto, cpu, cuda, opencl, ilgpu-cpu", error.Message, StringComparison.Ordinal);
        if (!GpuRenderBackend.IsAvailable(RenderDevice.Cuda))
        {
            // No NVIDIA GPU here: auto is the CPU path tracer, and asking for CUDA is a configuration error.
            Assert.Equal("cpu", RenderDevices.Create("auto").Device);
            Assert.Throws<InvalidOperationException>(() => RenderDevices.Create("cuda"));
        }
    }

    [OpenClFact]
    public void OpenCl_AgreesWithCpuReference_PerPixelZTest()
    {
        var description = TestScenes.Mixed();
        var (gpu, _) = GpuTestDevices.Render(GpuTestDevices.OpenClDevice!, description, 16, 12, 256, seed: 1, maxBounces: 5);
        var reference = PixelStatistics.Measure(new PathIntegrator(RenderScene.Build(description), 5, 3), new PerspectiveCamera(description.Camera, 16, 12), 1024, seed: 2);
        output.WriteLine(Report($"opencl ({GpuTestDevices.OpenClDevice!.DeviceName}) 256 spp vs cpu 1024 spp", gpu, reference));
        PixelStatistics.AssertSameExpectation(gpu, reference, "opencl vs cpu reference");
        var again = GpuTestDevices.Render(GpuTestDevices.OpenClDevice!, description, 16, 12, 8, seed: 5);
        Assert.Equal(Hash(again.Film), Hash(GpuTestDevices.Render(GpuTestDevices.OpenClDevice!, description, 16, 12, 8, seed: 5, samplesPerPass: 3).Film));
    }

    /// <summary>The mixed scene with textures on the floor, both spheres (one blended, one masked) and the area light.</summary>
    internal static SceneDescription TexturedScene()
    {
        var mixed = TestScenes.Mixed();
        var materials = mixed.Materials.ToArray();
        var checker = new byte[4 * 4 * 4];
        for (var i = 0; i < 16; i++)
        {
            var dark = ((i % 4) + (i / 4)) % 2 == 0;
            new byte[] { dark ? (byte)40 : (byte)230, dark ? (byte)90 : (byte)200, dark ? (byte)160 : (byte)120, 255 }.CopyTo(checker, 4 * i);
        }

        var roughness = new float[2 * 2 * 4];
        float[] values = [0.9f, 0.1f, 0.4f, 1f];
        for (var i = 0; i < 4; i++)
        {
            new[] { 1f, values[i], 1f - (0.5f * values[i]), 1f }.CopyTo(roughness, 4 * i);
        }

        var occlusion = new byte[2 * 2 * 4];
        for (var i = 0; i < 4; i++)
        {
            var ao = (byte)(i is 0 or 3 ? 60 : 255);
            new byte[] { ao, ao, ao, 255 }.CopyTo(occlusion, 4 * i);
        }

        var glow = new byte[] { 255, 255, 255, 255, 255, 40, 40, 255, 40, 255, 40, 255, 40, 40, 255, 255 };
        var quad = mixed.Meshes[2] with { Id = "quad-uv", TexCoords = [new(0f, 0f), new(1f, 0f), new(1f, 1f), new(0f, 1f)] };
        Material(0, m => m with
        {
            BaseColorFactor = Vector4.One,
            BaseColorTexture = new TextureBinding(0) { Scale = new(4f, 4f), Rotation = 0.3f },
            OcclusionTexture = new TextureBinding(2) { Scale = new(3f, 3f) },
            OcclusionStrength = 0.7f,
            NormalTexture = new TextureBinding(4) { Scale = new(6f, 6f) },
            NormalScale = 0.8f,
        });
        Material(1, m => m with { NormalTexture = new TextureBinding(4) { Scale = new(4f, 2f) }, AlphaMode = AlphaMode.Blend, BaseColorFactor = m.BaseColorFactor with { W = 0.6f } });
        Material(2, m => m with
        {
            MetallicRoughnessTexture = new TextureBinding(1) { Scale = new(3f, 2f) },
            BaseColorTexture = new TextureBinding(5) { Scale = new(8f, 4f) },
            AlphaMode = AlphaMode.Mask,
            AlphaCutoff = 0.5f,
        });
        Material(3, m => m with { EmissiveTexture = new TextureBinding(3) });
        return mixed with
        {
            Meshes = [.. mixed.Meshes, quad],
            Materials = materials,
            Instances = [.. mixed.Instances.Select(i => i.Mesh == 2 ? i with { Mesh = 3 } : i)],
            Textures =
            [
                new TextureData { Width = 4, Height = 4, Rgba8 = checker, Sampler = new TextureSampler(TextureWrap.Repeat, TextureWrap.Repeat, TextureFilter.Nearest) },
                new TextureData { Width = 2, Height = 2, RgbaFloat = roughness, Sampler = new TextureSampler(TextureWrap.MirroredRepeat, TextureWrap.ClampToEdge, TextureFilter.Linear) },
                new TextureData { Width = 2, Height = 2, Rgba8 = occlusion },
                new TextureData { Width = 2, Height = 2, Rgba8 = glow, Sampler = new TextureSampler(TextureWrap.ClampToEdge, TextureWrap.ClampToEdge, TextureFilter.Nearest) },
                new TextureData { Width = 2, Height = 2, Rgba8 = [200, 128, 220, 255, 60, 170, 200, 255, 128, 60, 210, 255, 128, 128, 255, 255] },
                new TextureData { Width = 2, Height = 2, Rgba8 = [255, 255, 255, 255, 255, 255, 255, 0, 255, 255, 255, 0, 255, 255, 255, 255], Sampler = new TextureSampler(TextureWrap.Repeat, TextureWrap.Repeat, TextureFilter.Nearest) },
            ],
        };

        void Material(int index, Func<MaterialData, MaterialData> change) => materials[index] = change(materials[index]);
    }

    /// <summary>The device's image equals the CPU's to float rounding: at least 98% of the values within 10⁻³ (relative above 1).</summary>
    private void AssertMatchesCpu(float[] device, float[] host, string what)
    {
        var close = device.Zip(host).Count(p => Math.Abs(p.First - p.Second) <= 1e-3f * Math.Max(1f, Math.Abs(p.Second)));
        output.WriteLine($"{what}: {close} of {device.Length} values within 10⁻³ of the CPU's");
        Assert.True(close >= 0.98 * device.Length, $"{what}: only {close} of {device.Length} values within 10⁻³ of the CPU's");
    }

    private static string Report(string what, PixelStatistics a, PixelStatistics b)
    {
        var z = Enumerable.Range(0, a.Mean.Length)
            .Select(i => (a.Mean[i] - b.Mean[i]) / Math.Sqrt((a.Variance[i] / a.Samples) + (b.Variance[i] / b.Samples)))
            .Where(double.IsFinite).ToArray();
        var relative = Math.Abs(a.Mean.Sum() - b.Mean.Sum()) / b.Mean.Sum();
        return $"{what}: mean |z| {z.Average(Math.Abs):F3}, max |z| {z.Max(Math.Abs):F2}, beyond 3.5σ {z.Count(v => Math.Abs(v) > 3.5)} of {z.Length}, image mean {a.Mean.Average():F5} vs {b.Mean.Average():F5} ({relative:P2})";
    }

    private static string Hash(AccumulationBuffer film) =>
        Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(film.Resolve().Pixels.AsSpan())));
}
