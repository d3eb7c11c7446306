using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>Turns <c>Bridge:Rendering:Device</c> into the backend every render of this process uses.</summary>
public static class RenderDevices
{
    /// <summary>The accepted values, as configuration spells them.</summary>
    public const string Values = "auto, cpu, cuda, opencl, ilgpu-cpu";

    /// <summary>Parses a configuration value (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? value, out RenderDevice device)
    {
        device = RenderDevice.Auto;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return true;
            case "cpu":
                device = RenderDevice.Cpu;
                return true;
            case "cuda":
                device = RenderDevice.Cuda;
                return true;
            case "opencl":
                device = RenderDevice.OpenCl;
                return true;
            case "ilgpu-cpu":
                device = RenderDevice.IlgpuCpu;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The backend for <paramref name="configured"/>: <c>auto</c> is CUDA when an NVIDIA GPU is present and
    /// the CPU path tracer otherwise; a named GPU device that this machine lacks is a configuration error.
    /// <paramref name="fallback"/> hears each scene that renders on the CPU instead, and why.
    /// </summary>
    public static IRenderBackend Create(string? configured, Action<string>? fallback = null)
    {
        if (!TryParse(configured, out var device))
        {
            throw new ArgumentException($"Bridge:Rendering:Device is '{configured}'; use one of {Values}.", nameof(configured));
        }

        switch (device)
        {
            case RenderDevice.Cpu:
                return CpuRenderBackend.Instance;
            case RenderDevice.Auto:
                return Create(RenderDevice.Cuda, fallback) ?? (IRenderBackend)CpuRenderBackend.Instance;
            default:
                return Create(device, fallback)
                    ?? throw new InvalidOperationException($"Bridge:Rendering:Device is '{GpuRenderBackend.Name(device)}', but this machine has no such device; use auto or cpu.");
        }
    }

    private static GpuRenderBackend? Create(RenderDevice device, Action<string>? fallback) =>
        GpuRenderBackend.TryCreate(device, fallback);
}
