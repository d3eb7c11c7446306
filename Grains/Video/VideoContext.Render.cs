using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Video;

/// <summary>The render loop: progressive passes at up to the render frame rate, published to the send loop.</summary>
public sealed partial class VideoContext
{
    private LinearImage? _back;
    private LinearImage? _readyImage;
    private FrameMeta _readyMeta;
    private long _readySequence;

    /// <summary>
    /// Runs on its own thread: a pass is seconds of CPU at large sizes, and on the thread pool it would
    /// starve the send loop and the sockets. Passes use all cores but one, which is left to the encoder.
    /// </summary>
    private void RenderLoop(CancellationToken cancellationToken)
    {
        ProgressiveRenderer? renderer = null;
        VideoScene? scene = null;
        FrameMeta meta = default;
        var preview = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var settings = Settings;
            var sceneDirty = Interlocked.Exchange(ref _sceneDirty, 0) == 1;
            var filmDirty = Interlocked.Exchange(ref _filmDirty, 0) == 1;
            if (sceneDirty || filmDirty || renderer is null)
            {
                string? transaction;
                long changedAt;
                lock (_gate)
                {
                    transaction = _lastTransaction;
                    changedAt = _changeTimestamp;
                }

                if (sceneDirty || filmDirty || scene is null)
                {
                    // Blocking on the scene load is fine here: this thread is the render loop's own.
                    var loaded = _source.LoadAsync(_sessionId, _application, settings.Camera, cancellationToken).GetAwaiter().GetResult();
                    if (loaded.Scene is null)
                    {
                        LogSceneFailed(_sessionId, Id, loaded.Message);
                        _ = PushErrorAsync(loaded.Error, loaded.Message ?? "The scene cannot be rendered.", fatal: false);
                        renderer?.Dispose();
                        renderer = null;
                        scene = null;
                        _changed.Wait(Timeout.InfiniteTimeSpan, cancellationToken);
                        continue;
                    }

                    scene = loaded.Scene;
                }

                var options = new RenderOptions
                {
                    Width = settings.Width,
                    Height = settings.Height,
                    SamplesPerPixel = settings.Spp,
                    ToneMapping = scene.ToneMapping,
                    ExposureStops = scene.ExposureStops,
                    MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1),
                    Denoise = settings.Denoise,
                    ClampDirect = settings.ClampDirect,
                    ClampIndirect = settings.ClampIndirect,
                    FilterGlossy = settings.FilterGlossy,
                };
                if (renderer is null || filmDirty || renderer.Options.Width != settings.Width || renderer.Options.Height != settings.Height)
                {
                    renderer?.Dispose();
                    renderer = new ProgressiveRenderer(scene.Scene, scene.Camera, options, _time, _backend);
                    _back = new LinearImage(settings.Width, settings.Height);
                }
                else
                {
                    renderer.SetScene(scene.Scene);
                    renderer.SetCamera(scene.Camera);
                }

                meta = new FrameMeta(0, 0, transaction, scene.Version, false, false, scene.ToneMapping, scene.ExposureStops, changedAt);
                preview = settings.Mode == VideoMode.Streaming;
            }

            if (renderer.IsComplete)
            {
                _changed.Wait(Timeout.InfiniteTimeSpan, cancellationToken);
                continue;
            }

            var started = _time.GetTimestamp();
            var before = renderer.SamplesPerPixel;
            if (!RenderPass(renderer, preview ? 1 : settings.SamplesPerPass, interruptible: !preview, cancellationToken))
            {
                continue; // A change interrupted the pass: start over from the new state.
            }

            _metrics.RecordRenderSamples("video", renderer.SamplesPerPixel - before, (long)renderer.Options.Width * renderer.Options.Height);

            var complete = renderer.IsComplete;
            if (settings.Mode == VideoMode.Streaming || complete)
            {
                Publish(renderer, meta with { Spp = renderer.SamplesPerPixel, RenderMs = renderer.Elapsed.TotalMilliseconds, Preview = preview, Final = complete });
            }

            preview = false;
            var rest = TimeSpan.FromSeconds(1 / settings.RenderFps) - _time.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                // A change cuts the wait short; its flags are read at the top of the loop.
                _changed.Wait(rest, cancellationToken);
            }
        }

        renderer?.Dispose();
    }

    /// <summary>
    /// One pass. A refinement pass is cut short by a change; a preview pass is not, so that a stream of
    /// camera edits faster than a pass still shows pictures (each one of a recent edit).
    /// </summary>
    private bool RenderPass(ProgressiveRenderer renderer, int samples, bool interruptible, CancellationToken cancellationToken)
    {
        var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            _pass = interruptible ? pass : null;
        }

        try
        {
            renderer.RenderPass(samples, pass.Token);
            return !pass.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _pass = null;
            }

            pass.Dispose();
        }
    }

    /// <summary>Resolves the film (denoised if the settings ask) into the back buffer and swaps it with the ready one (the triple buffer's publish).</summary>
    private void Publish(ProgressiveRenderer renderer, FrameMeta meta)
    {
        var back = _back!;
        renderer.Resolve(back);
        lock (_gate)
        {
            _back = _readyImage is { } old && old.Width == back.Width && old.Height == back.Height ? old : new LinearImage(back.Width, back.Height);
            _readyImage = back;
            _readyMeta = meta;
            _readySequence++;
        }

        if (meta.Preview || meta.Final)
        {
            _ready.Set(); // The preview and the final image go out at once, not at the next tick.
        }
    }

    /// <summary>The send loop's take: the newest image if newer than <paramref name="taken"/>, swapped with <paramref name="front"/>.</summary>
    private bool TryTake(ref long taken, ref LinearImage? front, out FrameMeta meta)
    {
        lock (_gate)
        {
            meta = _readyMeta;
            if (_readySequence == taken || _readyImage is null)
            {
                return false;
            }

            (front, _readyImage) = (_readyImage, front);
            taken = _readySequence;
            return true;
        }
    }
}
