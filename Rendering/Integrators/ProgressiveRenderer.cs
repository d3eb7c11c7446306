using OrleansBridge.Rendering.Denoising;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// A progressive render for streaming: passes of a few samples per pixel accumulate into one film until
/// the target samples per pixel or the time budget is reached; after each pass the current estimate can
/// be resolved and sent. A new scene or camera resets the film. One pass at a time (not thread-safe
/// against itself); the pass itself uses every allowed core. With <see cref="RenderOptions.Denoise"/>,
/// <see cref="Resolve(LinearImage)"/> filters the estimate (<see cref="AtrousDenoiser"/>). The passes run
/// on the <see cref="IRenderBackend"/> given (the CPU path tracer by default); dispose the renderer to
/// release what a device backend holds.
/// </summary>
public sealed class ProgressiveRenderer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly AccumulationBuffer _film;
    private readonly IRenderBackend _backend;
    private IPassRenderer _integrator;
    private PerspectiveCamera _camera;
    private AtrousDenoiser? _denoiser;
    private DenoiseInput? _denoiseInput;
    private AdaptiveAllocator? _allocator;
    private long _startedAt;
    private TimeSpan _elapsed;

    /// <summary>
    /// A renderer of <paramref name="scene"/> seen by <paramref name="camera"/> with <paramref name="options"/>,
    /// on <paramref name="backend"/> (the CPU path tracer when null).
    /// </summary>
    public ProgressiveRenderer(RenderScene scene, CameraData camera, RenderOptions options, TimeProvider? time = null, IRenderBackend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _time = time ?? TimeProvider.System;
        _film = new AccumulationBuffer(options.Width, options.Height, features: options.Denoise);
        _backend = backend ?? CpuRenderBackend.Instance;
        _integrator = _backend.Create(scene, options);
        _camera = new PerspectiveCamera(camera, options.Width, options.Height, options.PixelFilter);
        _startedAt = _time.GetTimestamp();
    }

    /// <summary>The render settings.</summary>
    public RenderOptions Options { get; }

    /// <summary>Where the passes run: <see cref="IPassRenderer.Device"/> of the current scene's renderer (<c>cpu</c> when the backend fell back).</summary>
    public string Device => _integrator.Device;

    /// <summary>The scene being rendered.</summary>
    public RenderScene Scene => _integrator.Scene;

    /// <summary>Samples every pixel has so far; with adaptive sampling on the CPU, the mean over the image (rounded down).</summary>
    public int SamplesPerPixel => Adaptive ? (int)(_film.TotalSamples / (Options.Width * Options.Height)) : _film.MinSamples;

    /// <summary>True when passes past the first samples go where the error is (<see cref="RenderOptions.AdaptiveSampling"/>, CPU path tracer).</summary>
    public bool Adaptive => Options.AdaptiveSampling && _integrator is ImageTileIntegrator;

    /// <summary>Time spent since the last reset.</summary>
    public TimeSpan Elapsed => _elapsed;

    /// <summary>True once the target samples per pixel or the time budget is reached.</summary>
    public bool IsComplete => SamplesPerPixel >= Options.SamplesPerPixel || (Options.TimeBudget is { } budget && _elapsed >= budget);

    /// <summary>The film (running sums), for resolving into an image.</summary>
    public AccumulationBuffer Film => _film;

    /// <summary>
    /// Writes the current estimate into <paramref name="image"/>: the per-pixel means, denoised when
    /// <see cref="RenderOptions.Denoise"/> is set. Same thread as the passes (not between them).
    /// </summary>
    public void Resolve(LinearImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!Options.Denoise)
        {
            _film.Resolve(image);
            return;
        }

        _denoiser ??= new AtrousDenoiser();
        _denoiseInput ??= new DenoiseInput(Options.Width, Options.Height);
        _film.Resolve(_denoiseInput);
        _denoiser.Denoise(_denoiseInput, image, Options.MaxDegreeOfParallelism);
    }

    /// <summary>The current estimate as a new image (see <see cref="Resolve(LinearImage)"/>).</summary>
    public LinearImage Resolve()
    {
        var image = new LinearImage(Options.Width, Options.Height);
        Resolve(image);
        return image;
    }

    /// <summary>Starts over: the accumulated samples no longer describe what is to be seen.</summary>
    public void Reset()
    {
        _film.Clear();
        _startedAt = _time.GetTimestamp();
        _elapsed = TimeSpan.Zero;
    }

    /// <summary>Switches to another camera and resets.</summary>
    public void SetCamera(CameraData camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        _camera = new PerspectiveCamera(camera, Options.Width, Options.Height, Options.PixelFilter);
        Reset();
    }

    /// <summary>Switches to another scene (e.g. after a committed transaction) and resets.</summary>
    public void SetScene(RenderScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var previous = _integrator;
        _integrator = _backend.Create(scene, Options);
        (previous as IDisposable)?.Dispose();
        Reset();
    }

    /// <summary>
    /// Renders one pass of up to <paramref name="samplesPerPixel"/> samples (fewer when the target is
    /// closer). Returns the samples per pixel now accumulated.
    /// </summary>
    public int RenderPass(int samplesPerPixel = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerPixel, 1);
        var samples = Math.Min(samplesPerPixel, Options.SamplesPerPixel - SamplesPerPixel);
        if (samples > 0)
        {
            try
            {
                if (Options.AdaptiveSampling && _integrator is ImageTileIntegrator cpu)
                {
                    RenderAdaptive(cpu, samples, cancellationToken);
                }
                else
                {
                    _integrator.Render(_film, _camera, samples, Options, cancellationToken);
                }
            }
            finally
            {
                _elapsed = _time.GetElapsedTime(_startedAt);
            }
        }

        return SamplesPerPixel;
    }

    /// <summary>
    /// <paramref name="samples"/> samples per pixel's worth, adaptively: every pixel alike up to
    /// <see cref="AdaptiveAllocator.MinSamples"/>, then one allocation per pixel's worth. Rounds of a fixed size
    /// make the image independent of how the passes were sized (a still sizes them by time).
    /// </summary>
    private void RenderAdaptive(ImageTileIntegrator cpu, int samples, CancellationToken cancellationToken)
    {
        var uniform = Math.Clamp(AdaptiveAllocator.MinSamples - _film.MinSamples, 0, samples);
        if (uniform > 0)
        {
            cpu.Render(_film, _camera, uniform, Options, cancellationToken);
        }

        for (var round = uniform; round < samples; round++)
        {
            _allocator ??= new AdaptiveAllocator(Options.Width, Options.Height);
            cpu.Render(_film, _camera, _allocator.Allocate(_film, (long)Options.Width * Options.Height), Options, cancellationToken);
        }
    }

    /// <summary>Renders passes of <paramref name="samplesPerPass"/> until <see cref="IsComplete"/>.</summary>
    public void RenderToCompletion(int samplesPerPass = 1, CancellationToken cancellationToken = default)
    {
        while (!IsComplete)
        {
            RenderPass(samplesPerPass, cancellationToken);
        }
    }

    /// <summary>Releases what the backend's renderer holds (device memory); the CPU path tracer holds nothing.</summary>
    public void Dispose() => (_integrator as IDisposable)?.Dispose();
}
