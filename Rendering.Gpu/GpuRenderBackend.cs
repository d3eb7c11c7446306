using ILGPU;
using ILGPU.Runtime;
using OrleansBridge.Rendering.Gpu.Kernels;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Gpu;

/// <summary>
/// The path tracer on an ILGPU accelerator (CUDA, OpenCL or ILGPU's CPU accelerator): one context and
/// accelerator per backend, the kernel compiled once on first use, launches serialised (one stream).
/// A scene or request the kernel does not cover (<see cref="GpuSupport"/>) renders on the CPU path
/// tracer instead, and <see cref="Fallback"/> hears why.
/// </summary>
public sealed class GpuRenderBackend : IRenderBackend, IDisposable
{
    private static readonly Lock ContextLifetimes = new();
    private readonly Context _context;
    private readonly Lock _launch = new();
    private Action<Index1D, DeviceScene, FrameParameters, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>>? _kernel;

    private GpuRenderBackend(Context context, Accelerator accelerator, string device, Action<string>? fallback)
    {
        Fallback = fallback;
        _context = context;
        Accelerator = accelerator;
        Device = device;
        DeviceName = accelerator.Name;
    }

    /// <inheritdoc />
    public string Device { get; }

    /// <summary>The accelerator's own name (e.g. the GPU model).</summary>
    public string DeviceName { get; }

    /// <summary>Called with the reason whenever a scene renders on the CPU instead (for the host's log).</summary>
    public Action<string>? Fallback { get; }

    /// <summary>
    /// Samples per pixel in one launch, at most: a pass of more is split, and cancellation is observed
    /// between launches. Small enough that a launch of a 1080p frame stays well under a GPU driver's
    /// watchdog and a cancelled render stops soon.
    /// </summary>
    public int SamplesPerLaunch { get; init; } = 4;

    internal Accelerator Accelerator { get; }

    /// <summary>True when this machine has a device of <paramref name="device"/>'s kind (no accelerator is created).</summary>
    public static bool IsAvailable(RenderDevice device)
    {
        using var context = CreateContext(OptimizationLevel.Debug);
        return FindDevice(context, device) is not null;
    }

    /// <summary>
    /// A backend on the first device of kind <paramref name="device"/> (<see cref="RenderDevice.Cuda"/>,
    /// <see cref="RenderDevice.OpenCl"/> or <see cref="RenderDevice.IlgpuCpu"/>); null when there is none.
    /// <paramref name="fallback"/> hears each scene that renders on the CPU instead, and why.
    /// </summary>
    public static GpuRenderBackend? TryCreate(RenderDevice device, Action<string>? fallback = null)
    {
        var context = CreateContext(OptimizationLevel.O2);
        if (FindDevice(context, device) is not { } found)
        {
            context.Dispose();
            return null;
        }

        var accelerator = found.CreateAccelerator(context);
        return new GpuRenderBackend(context, accelerator, Name(device), fallback);
    }

    /// <inheritdoc />
    public IPassRenderer Create(RenderScene scene, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(options);
        if (GpuSupport.Refusal(scene, options) is { } reason)
        {
            Fallback?.Invoke(reason);
            return CpuRenderBackend.Instance.Create(scene, options);
        }

        return new GpuPassRenderer(this, scene);
    }

    /// <summary>The configuration name of <paramref name="device"/> (<c>cuda</c>, <c>opencl</c>, <c>ilgpu-cpu</c>, …).</summary>
    public static string Name(RenderDevice device) => device switch
    {
        RenderDevice.Cuda => "cuda",
        RenderDevice.OpenCl => "opencl",
        RenderDevice.IlgpuCpu => "ilgpu-cpu",
        RenderDevice.Cpu => "cpu",
        _ => "auto",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        lock (ContextLifetimes)
        {
            Accelerator.Dispose();
            _context.Dispose();
        }
    }

    internal GpuScene Upload(GpuSceneArrays arrays)
    {
        lock (_launch)
        {
            return new GpuScene(Accelerator, arrays);
        }
    }

    internal void Launch(int pixels, DeviceScene scene, FrameParameters frame, ArrayView<float> sums, ArrayView<float> squares, ArrayView<int> rejected, ArrayView<float> features)
    {
        lock (_launch)
        {
            _kernel ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, DeviceScene, FrameParameters, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>>(PathKernel.Render);
            _kernel(pixels, scene, frame, sums, squares, rejected, features);
            Accelerator.Synchronize();
        }
    }

    /// <summary>
    /// A context over CUDA, OpenCL and the CPU accelerator, with ILGPU's own device filters. Its OpenCL
    /// filter keeps devices with OpenCL C 2.0 (the generic address space): Debian 12's PoCL 3.1 CPU device
    /// reports OpenCL C 1.2 and is left out; forced in, ILGPU 1.5.3 refuses it ("GenericAddressSpace
    /// feature is not supported", docs/rendering.md, "GPU backend").
    /// <para>
    /// Contexts are created and disposed one at a time in the process: OpenCL drivers need not be
    /// thread-safe while devices are enumerated (PoCL 3.1 crashed the process when two contexts probed
    /// its devices at once).
    /// </para>
    /// </summary>
    private static Context CreateContext(OptimizationLevel optimization)
    {
        lock (ContextLifetimes)
        {
            return Context.Create(builder => builder.Default().Optimize(optimization));
        }
    }

    private static Device? FindDevice(Context context, RenderDevice device)
    {
        var type = device switch
        {
            RenderDevice.Cuda => AcceleratorType.Cuda,
            RenderDevice.OpenCl => AcceleratorType.OpenCL,
            RenderDevice.IlgpuCpu => AcceleratorType.CPU,
            _ => throw new ArgumentOutOfRangeException(nameof(device), device, "Only cuda, opencl and ilgpu-cpu are ILGPU devices."),
        };
        return context.Devices.FirstOrDefault(d => d.AcceleratorType == type);
    }
}
