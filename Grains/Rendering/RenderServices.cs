using Microsoft.Extensions.Options;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Images;

namespace OrleansBridge.Rendering;

/// <summary>
/// What every render worker of the process shares: the adapter with its decoders, the prepared scenes
/// and their mesh BVHs, ffmpeg, the limits, and the round-robin over worker keys.
/// </summary>
public sealed class RenderServices
{
    private int _nextWorker = -1;

    /// <summary>Builds the shared services from the configured options.</summary>
    public RenderServices(IOptions<RenderingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        Ffmpeg = new FfmpegPipe(Options.Ffmpeg, Options.FfmpegTimeout);
        var limits = new AdapterLimits(MaxBulkBytes: Options.MaxSceneBytes);
        Adapter = new SceneAdapter(new SkiaImageDecoder(limits.MaxTexturePixels), limits);
        Scenes = new RenderSceneCache(Math.Max(1, Options.SceneCacheCapacity));
    }

    /// <summary>The limits and settings.</summary>
    public RenderingOptions Options { get; }

    /// <summary>ffmpeg for the encoded outputs (JPEG, WebP, EXR).</summary>
    public FfmpegPipe Ffmpeg { get; }

    /// <summary>Scene elements to renderer input.</summary>
    public SceneAdapter Adapter { get; }

    /// <summary>Prepared scenes by manifest hash.</summary>
    public RenderSceneCache Scenes { get; }

    /// <summary>The key of the next worker to use: <c>worker-0</c> … <c>worker-(Workers−1)</c> in turn.</summary>
    public string NextWorkerKey()
    {
        var workers = Math.Max(1, Options.Workers);
        var n = (int)((uint)Interlocked.Increment(ref _nextWorker) % (uint)workers);
        return $"worker-{n}";
    }
}
