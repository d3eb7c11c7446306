using System.Security.Cryptography;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Gpu;
using OrleansBridge.Rendering.Integrators;
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

        using var denoised = new ProgressiveRenderer(RenderScene.Build(TestScenes.Mixed()), description.Camera, options with { Denoise = true }, backend: backend);
        Assert.Equal("cpu", denoised.Device);
        Assert.Contains("denoiser", reasons[^1], StringComparison.Ordinal);
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
