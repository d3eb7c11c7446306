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
        var firstFull = false; // the first full-resolution pass after a coarse preview: one sample, sent at once
        var secondsPerSample = _firstEstimate; // wall time per pixel sample of a pass, measured; 0 (or a reopened context's prior) until the first pass
        while (!cancellationToken.IsCancellationRequested)
        {
            var settings = Settings;
            var sceneDirty = Interlocked.Exchange(ref _sceneDirty, 0) == 1;
            var filmDirty = Interlocked.Exchange(ref _filmDirty, 0) == 1;
            if (sceneDirty || filmDirty || renderer is null)
            {
                string? transaction;
                long received;
                long committed;
                lock (_gate)
                {
                    transaction = _lastTransaction;
                    received = _editReceived;
                    committed = _editCommitted;
                }

                if (sceneDirty || filmDirty || scene is null)
                {
                    // Blocking on the scene load is fine here: this thread is the render loop's own.
                    var loaded = _source.LoadAsync(_sessionId, _application, settings.Camera, scene, cancellationToken).GetAwaiter().GetResult();
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
                    if (scene.CameraOnly)
                    {
                        Interlocked.Increment(ref _cameraFastPaths);
                    }
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
                    Diffuse = settings.Diffuse,
                    PixelFilter = settings.PixelFilter,
                    AdaptiveSampling = settings.Adaptive,
                };
                if (renderer is null || filmDirty || renderer.Options.Width != settings.Width || renderer.Options.Height != settings.Height)
                {
                    renderer?.Dispose();
                    renderer = new ProgressiveRenderer(scene.Scene, scene.Camera, options, _time, _backend);
                    _back = new LinearImage(settings.Width, settings.Height);
                }
                else
                {
                    if (!ReferenceEquals(renderer.Scene, scene.Scene))
                    {
                        renderer.SetScene(scene.Scene);
                    }

                    renderer.SetCamera(scene.Camera); // restarts accumulation
                }

                meta = new FrameMeta(0, 0, transaction, scene.Version, false, false, scene.ToneMapping, scene.ExposureStops,
                    new FrameStamps(received, committed, _time.GetTimestamp(), 0, 0));
                preview = settings.Mode == VideoMode.Streaming;
                firstFull = false;
            }

            if (renderer.IsComplete)
            {
                _changed.Wait(Timeout.InfiniteTimeSpan, cancellationToken);
                continue;
            }

            var pixels = (long)renderer.Options.Width * renderer.Options.Height;
            if (preview && CoarsePreview.PixelSize(settings.Width, settings.Height, secondsPerSample, TimeSpan.FromSeconds(1 / settings.MaxFps)) is > 1 and var pixelSize)
            {
                // The full-resolution preview would not fit the frame budget: a coarse one first, then
                // full-resolution passes, which a further change may cut short (there is a picture now).
                var coarseStarted = _time.GetTimestamp();
                meta = meta with { Stamps = meta.Stamps with { RenderStart = coarseStarted } };
                var coarsePixels = RenderCoarse(scene!, renderer.Options, pixelSize, meta, cancellationToken);
                secondsPerSample = Measured(secondsPerSample, _time.GetElapsedTime(coarseStarted), coarsePixels);
                _metrics.RecordRenderSamples("video", 1, coarsePixels);
                preview = false;
                firstFull = true;
                continue;
            }

            var started = _time.GetTimestamp();
            if (meta.Stamps.RenderStart == 0)
            {
                meta = meta with { Stamps = meta.Stamps with { RenderStart = started } };
            }

            var before = renderer.SamplesPerPixel;
            if (!RenderPass(renderer, preview || firstFull ? 1 : settings.SamplesPerPass, interruptible: !preview, cancellationToken))
            {
                continue; // A change interrupted the pass: start over from the new state.
            }

            secondsPerSample = Measured(secondsPerSample, _time.GetElapsedTime(started), pixels * (renderer.SamplesPerPixel - before));
            _metrics.RecordRenderSamples("video", renderer.SamplesPerPixel - before, pixels);

            var complete = renderer.IsComplete;
            if (settings.Mode == VideoMode.Streaming || complete)
            {
                Publish(renderer, meta with { Spp = renderer.SamplesPerPixel, RenderMs = renderer.Elapsed.TotalMilliseconds, Preview = preview, Final = complete }, urgent: firstFull);
            }

            preview = false;
            firstFull = false;
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

    /// <summary>A pass's time per pixel sample, averaged with the estimate so far (half each: a new view can cost more or less).</summary>
    private static double Measured(double estimate, TimeSpan elapsed, long pixelSamples)
    {
        if (pixelSamples <= 0 || elapsed <= TimeSpan.Zero)
        {
            return estimate;
        }

        var measured = elapsed.TotalSeconds / pixelSamples;
        return estimate <= 0 ? measured : (estimate + measured) / 2;
    }

    /// <summary>
    /// The coarse preview: one sample per <paramref name="pixelSize"/>² pixels of the view, denoised when
    /// the context's frames are (a one-sample image is where the filter helps most, and at a few
    /// thousand pixels it costs milliseconds), upscaled into the back buffer and published at once. Not
    /// cut short by a change: it is what keeps a fast drag showing pictures, and it was sized to fit the
    /// frame budget. Returns the pixels rendered.
    /// </summary>
    private long RenderCoarse(VideoScene scene, RenderOptions full, int pixelSize, FrameMeta meta, CancellationToken cancellationToken)
    {
        var (width, height) = CoarsePreview.CoarseSize(full.Width, full.Height, pixelSize);
        var options = full with { Width = width, Height = height, SamplesPerPixel = 1 };

        // The full frame's aspect ratio, so that the coarse image covers exactly its view even where the
        // pixel size does not divide the frame (its pixels are then not quite square).
        var camera = scene.Camera with { AspectRatio = scene.Camera.AspectRatio ?? full.Width / (float)full.Height };
        var coarse = new ProgressiveRenderer(scene.Scene, camera, options, _time);
        RenderPass(coarse, 1, interruptible: false, cancellationToken);
        var image = new LinearImage(width, height);
        coarse.Resolve(image);
        var back = _back!;
        CoarsePreview.Upscale(image, back);
        Swap(back, meta with { Spp = 1, RenderMs = coarse.Elapsed.TotalMilliseconds, Preview = true, Final = false, PixelSize = pixelSize }, urgent: true);
        return (long)width * height;
    }

    /// <summary>Resolves the film (denoised if the settings ask) into the back buffer and swaps it with the ready one (the triple buffer's publish).</summary>
    private void Publish(ProgressiveRenderer renderer, FrameMeta meta, bool urgent = false)
    {
        var back = _back!;
        renderer.Resolve(back);
        Swap(back, meta, urgent);
    }

    /// <summary>Makes <paramref name="back"/> the ready image; the send loop is woken at once for a preview, a final image or an urgent one.</summary>
    private void Swap(LinearImage back, FrameMeta meta, bool urgent)
    {
        meta = meta with { Stamps = meta.Stamps with { RenderEnd = _time.GetTimestamp() } };
        lock (_gate)
        {
            _back = _readyImage is { } old && old.Width == back.Width && old.Height == back.Height ? old : new LinearImage(back.Width, back.Height);
            _readyImage = back;
            _readyMeta = meta;
            _readySequence++;
        }

        if (urgent || meta.Preview || meta.Final)
        {
            _ready.Set(); // The preview, the first full-resolution image after it and the final image go out at once, not at the next tick.
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
