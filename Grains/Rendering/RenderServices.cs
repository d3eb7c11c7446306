using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Gpu;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering;

/// <summary>
/// What every render grain of the process shares: the adapter with its decoders, the prepared scenes
/// and their mesh BVHs, ffmpeg, the limits, the render device and the bound on renders at once.
/// </summary>
public sealed partial class RenderServices : IDisposable
{
    private readonly ILogger _logger;

    /// <summary>
    /// Builds the shared services from the configured options; the render device is chosen (and logged)
    /// here, once per process, unless a render silo chose it already to advertise it (<see cref="RenderDeviceChoice"/>).
    /// </summary>
    public RenderServices(IOptions<RenderingOptions> options, ILogger<RenderServices>? logger = null, Diagnostics.BridgeMetrics? metrics = null,
        RenderDeviceChoice? chosen = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _logger = logger ?? NullLogger<RenderServices>.Instance;
        if (chosen is not null)
        {
            chosen.Fallback = reason => LogDeviceFallback(Options.Device, reason);
        }

        Backend = chosen?.Backend ?? RenderDevices.Create(Options.Device, reason => LogDeviceFallback(Options.Device, reason));
        metrics?.SetRenderDevice(Backend.Device);
        LogDeviceChosen(Options.Device, Backend.Device, (Backend as GpuRenderBackend)?.DeviceName ?? "the CPU path tracer");
        var limits = new AdapterLimits(MaxBulkBytes: Options.MaxSceneBytes);
        Adapter = new SceneAdapter(new SkiaImageDecoder(limits.MaxTexturePixels), limits);
        Scenes = new RenderSceneCache(Math.Max(1, Options.SceneCacheCapacity));
        Renders = new SemaphoreSlim(Math.Max(1, Options.Workers));
    }

    /// <summary>Where renders run (<c>Bridge:Rendering:Device</c>); every <see cref="ProgressiveRenderer"/> of the process takes it.</summary>
    public IRenderBackend Backend { get; }

    /// <summary>The limits and settings.</summary>
    public RenderingOptions Options { get; }

    /// <summary>Scene elements to renderer input.</summary>
    public SceneAdapter Adapter { get; }

    /// <summary>Prepared scenes by manifest hash.</summary>
    public RenderSceneCache Scenes { get; }

    /// <summary>Renders at once on this silo: <see cref="RenderingOptions.Workers"/>; the others wait their turn.</summary>
    public SemaphoreSlim Renders { get; }

    /// <summary>Releases the render device.</summary>
    public void Dispose()
    {
        (Backend as IDisposable)?.Dispose();
        Renders.Dispose();
    }

    [LoggerMessage(EventId = Logging.LogEvents.RenderDeviceChosen, Level = LogLevel.Information,
        Message = "Render device: configured {Configured}, rendering on {Device} ({Name}).")]
    private partial void LogDeviceChosen(string configured, string device, string name);

    [LoggerMessage(EventId = Logging.LogEvents.RenderDeviceFallback, Level = LogLevel.Information,
        Message = "A scene renders on the CPU path tracer, not the configured {Configured} device: {Reason}.")]
    private partial void LogDeviceFallback(string configured, string reason);
}

/// <summary>
/// The render device of a render silo, chosen while the host is built so that the silo's Orleans
/// metadata can say what it renders on (<c>bridge.device</c>: placement prefers GPU render silos).
/// <see cref="RenderServices"/> takes it instead of choosing again, and binds the fallback log.
/// </summary>
public sealed class RenderDeviceChoice
{
    /// <summary>Chooses the backend for <paramref name="configured"/> (<c>Bridge:Rendering:Device</c>).</summary>
    public RenderDeviceChoice(string? configured)
    {
        Backend = RenderDevices.Create(configured, reason => Fallback?.Invoke(reason));
    }

    /// <summary>The backend: the CPU path tracer or a GPU kernel.</summary>
    public IRenderBackend Backend { get; }

    /// <summary>Where scenes that fall back to the CPU are reported (set by <see cref="RenderServices"/>).</summary>
    public Action<string>? Fallback { get; set; }
}
