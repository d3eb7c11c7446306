using Microsoft.Extensions.Options;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Images;

namespace OrleansBridge.Rendering;

/// <summary>
/// What every render grain of the process shares: the adapter with its decoders, the prepared scenes
/// and their mesh BVHs, ffmpeg, the limits, and the bound on renders at once.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as the process; the semaphore never creates its wait handle (only WaitAsync is used).")]
public sealed class RenderServices
{

    /// <summary>Builds the shared services from the configured options.</summary>
    public RenderServices(IOptions<RenderingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        Ffmpeg = new FfmpegPipe(Options.Ffmpeg, Options.FfmpegTimeout);
        var limits = new AdapterLimits(MaxBulkBytes: Options.MaxSceneBytes);
        Adapter = new SceneAdapter(new SkiaImageDecoder(limits.MaxTexturePixels), limits);
        Scenes = new RenderSceneCache(Math.Max(1, Options.SceneCacheCapacity));
        Renders = new SemaphoreSlim(Math.Max(1, Options.Workers));
    }

    /// <summary>The limits and settings.</summary>
    public RenderingOptions Options { get; }

    /// <summary>ffmpeg for the encoded outputs (JPEG, WebP, EXR).</summary>
    public FfmpegPipe Ffmpeg { get; }

    /// <summary>Scene elements to renderer input.</summary>
    public SceneAdapter Adapter { get; }

    /// <summary>Prepared scenes by manifest hash.</summary>
    public RenderSceneCache Scenes { get; }

    /// <summary>Renders at once on this silo: <see cref="RenderingOptions.Workers"/>; the others wait their turn.</summary>
    public SemaphoreSlim Renders { get; }
}
