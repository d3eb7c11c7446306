namespace OrleansBridge.Rendering.Gpu;

/// <summary>Where renders run (<c>Bridge:Rendering:Device</c>).</summary>
public enum RenderDevice
{
    /// <summary>CUDA when an NVIDIA GPU is present, else the CPU path tracer.</summary>
    Auto,

    /// <summary>The CPU path tracer.</summary>
    Cpu,

    /// <summary>The GPU kernel on the first CUDA device.</summary>
    Cuda,

    /// <summary>The GPU kernel on the first OpenCL device (e.g. PoCL on the CPU).</summary>
    OpenCl,

    /// <summary>The GPU kernel on ILGPU's CPU accelerator (slow: tests and debugging).</summary>
    IlgpuCpu,
}
