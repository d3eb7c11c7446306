using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Gpu;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering.Gpu;

/// <summary>Renders on an ILGPU device the way the tests need: the film's sums and sums of squares.</summary>
internal static class GpuTestDevices
{
    /// <summary>
    /// One backend per device for the whole test run: creating a context and compiling the kernel costs
    /// seconds on the CPU accelerator. Launches on one backend are serialised by the backend itself.
    /// </summary>
    private static readonly Lazy<GpuRenderBackend> IlgpuCpu = new(() => GpuRenderBackend.TryCreate(RenderDevice.IlgpuCpu)
        ?? throw new InvalidOperationException("ILGPU's CPU accelerator is always present."));

    private static readonly Lazy<GpuRenderBackend?> OpenCl = new(() => GpuRenderBackend.TryCreate(RenderDevice.OpenCl));

    public static GpuRenderBackend CpuAccelerator => IlgpuCpu.Value;

    public static GpuRenderBackend? OpenClDevice => OpenCl.Value;

    /// <summary>
    /// Renders <paramref name="samples"/> samples per pixel in passes of <paramref name="samplesPerPass"/> and returns the statistics and the film;
    /// the pixel filter is the box unless <paramref name="pixelFilter"/> says otherwise, as for the CPU references built on <c>new PerspectiveCamera(…)</c>.
    /// </summary>
    public static (PixelStatistics Statistics, AccumulationBuffer Film) Render(
        GpuRenderBackend backend, SceneDescription description, int width, int height, int samples, uint seed, int samplesPerPass = int.MaxValue, int maxBounces = 8, RenderScene? built = null, float pixelFilter = 0f)
    {
        var scene = built ?? RenderScene.Build(description);
        var options = new RenderOptions { Width = width, Height = height, SamplesPerPixel = samples, Seed = seed, MaxBounces = maxBounces, ClampIndirect = 0f, FilterGlossy = 0f, PixelFilter = pixelFilter };
        var camera = new PerspectiveCamera(description.Camera, width, height, pixelFilter);
        var film = new AccumulationBuffer(width, height);
        using var renderer = (GpuPassRenderer)backend.Create(scene, options);
        for (var done = 0; done < samples; done += Math.Min(samplesPerPass, samples - done))
        {
            renderer.Render(film, camera, Math.Min(samplesPerPass, samples - done), options, CancellationToken.None);
        }

        var image = film.Resolve();
        var sums = image.Pixels.Select(p => p * samples).ToArray();
        return (PixelStatistics.FromSums(width, height, samples, sums, renderer.SumOfSquares()), film);
    }
}

/// <summary>A fact that runs only where an OpenCL device exists (e.g. Debian's pocl-opencl-icd); skipped, with the reason, elsewhere.</summary>
internal sealed class OpenClFactAttribute : FactAttribute
{
    public OpenClFactAttribute()
    {
        if (GpuTestDevices.OpenClDevice is null)
        {
            Skip = "No OpenCL device on this machine (apt-get install pocl-opencl-icd provides one on the CPU).";
        }
    }
}
