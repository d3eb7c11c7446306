using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansBridge.Rendering.Video;
using OrleansBridge.Sessions;

namespace OrleansBridge.Video;

/// <summary>
/// One video context (docs/video.md): a render loop that runs progressive passes over the session's
/// committed scene, and a send loop that encodes the newest image at up to the maximum frame rate and
/// queues it on the session's media queue. The loops meet in a triple buffer: the render loop never
/// waits for the encoder and the encoder always takes the newest image; a frame due while the client
/// has its maximum pending is dropped before it is encoded (so H.264 references never break) and
/// counted. This file holds the lifecycle and the inputs; the loops are in the partial files.
/// </summary>
public sealed partial class VideoContext : IAsyncDisposable
{
    private readonly string _sessionId;
    private readonly string _application;
    private readonly ISessionGrain _session;
    private readonly IVideoSceneSource _source;
    private readonly VideoOutput _output;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _nvenc;
    private readonly Diagnostics.BridgeMetrics _metrics;
    private readonly Rendering.Integrators.IRenderBackend _backend;
    private readonly CancellationTokenSource _stop = new();
    private readonly AsyncSignal _changed = new();
    private readonly AsyncSignal _ready = new();
    private readonly Lock _gate = new();
    private readonly BitrateController _bitrate;
    private VideoSettings _settings;
    private Task _renderLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;
    private int _sceneDirty = 1;
    private int _filmDirty;
    private string? _lastTransaction;
    private long _editReceived;
    private long _editCommitted;
    private CancellationTokenSource? _pass;
    private int _keyframeRequested;
    private int _resetRequested;
    private long _cameraFastPaths;
    private double _firstEstimate;

    internal VideoContext(string id, string sessionId, string application, VideoSettings settings, ISessionGrain session,
        IVideoSceneSource source, VideoOutput output, TimeProvider time, ILogger logger, bool nvenc, Diagnostics.BridgeMetrics metrics,
        Rendering.Integrators.IRenderBackend backend)
    {
        _metrics = metrics;
        _backend = backend;
        Id = id;
        _sessionId = sessionId;
        _application = application;
        _settings = settings;
        _session = session;
        _source = source;
        _output = output;
        _time = time;
        _logger = logger;
        _nvenc = nvenc;
        _bitrate = new BitrateController(time, settings.TargetKbps, settings.MinKbps, settings.MaxKbps);
        _editReceived = _editCommitted = time.GetTimestamp(); // a frame that names no commit: timed from the context's creation
    }

    /// <summary>The context's id within its session.</summary>
    public string Id { get; }

    /// <summary>The settings in force.</summary>
    public VideoSettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>The encoder's ffmpeg process id while one runs (operators, and tests that kill it).</summary>
    public int? EncoderProcessId => Volatile.Read(ref _encoder)?.ProcessId;

    /// <summary>How many times the current encoder was (re)started (libx264 in process: once, whatever the keyframes and bitrate changes).</summary>
    public int EncoderStarts => Volatile.Read(ref _encoder)?.Starts ?? 0;

    /// <summary>Commits that took the camera fast path: the scene and its BVHs reused, only the camera moved.</summary>
    public long CameraFastPaths => Interlocked.Read(ref _cameraFastPaths);

    /// <summary>Frames queued for the client so far.</summary>
    public long FramesSent => Interlocked.Read(ref _sent);

    /// <summary>Frames dropped because the client had its maximum pending.</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames queued or sent and not yet acknowledged.</summary>
    public int FramesPending => _output.Pending;

    /// <summary>The opening of the context this engine serves (the session's silo counts them).</summary>
    internal long Generation => _output.Generation;

    /// <summary>The session's sink frames go to, if any.</summary>
    internal IVideoSink? Sink => _output.Sink;

    /// <summary>The encoder's name: h264_nvenc, libx264, mjpeg, libwebp, png, exr or raw.</summary>
    public string EncoderName => Settings.Format switch
    {
        VideoFormat.H264 => _nvenc ? "h264_nvenc" : "libx264",
        VideoFormat.Jpg => "mjpeg",
        VideoFormat.Webp => "libwebp",
        VideoFormat.Png => "png",
        VideoFormat.Exr => "exr",
        _ => "raw",
    };

    internal void Start()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _renderLoop = done.Task;
        var thread = new Thread(() =>
        {
            RunGuardedAsync(token =>
            {
                RenderLoop(token);
                return Task.CompletedTask;
            }).GetAwaiter().GetResult();
            done.SetResult();
        })
        {
            IsBackground = true,
            Name = $"video {Id}",
        };
        thread.Start();
        _sendLoop = Task.Run(() => RunGuardedAsync(SendLoopAsync));
        LogOpened(_sessionId, Id, EncoderName, Settings.Width, Settings.Height, Settings.Mode);
    }

    /// <summary>Applies new settings; a new size, camera or target restarts accumulation.</summary>
    internal void Update(VideoSettings settings)
    {
        lock (_gate)
        {
            if (settings.NeedsNewFilm(_settings))
            {
                Volatile.Write(ref _filmDirty, 1);
            }

            _settings = settings;
        }

        _bitrate.Configure(settings.TargetKbps, settings.MinKbps, settings.MaxKbps);
        Interrupt();
    }

    /// <summary>The next frame is a keyframe.</summary>
    internal void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    /// <summary>The encoder starts over (a new process for ffmpeg formats); implies a keyframe.</summary>
    internal void ResetEncoder() => Volatile.Write(ref _resetRequested, 1);

    /// <summary>The last commit its frames name (null before any).</summary>
    internal string? LastTransaction
    {
        get
        {
            lock (_gate)
            {
                return _lastTransaction;
            }
        }
    }

    /// <summary>The application whose scene the context renders.</summary>
    internal string Application => _application;

    /// <summary>
    /// A context opened again (its render silo was lost): its frames number on from <paramref name="framesSent"/>
    /// and name the session's last commit until the next one, and its first frame is a coarse one
    /// (<see cref="CoarsePreview.ReopenedSecondsPerSample"/>). Called before <see cref="Start"/>.
    /// </summary>
    internal void Continue(string? transaction, long framesSent)
    {
        Interlocked.Exchange(ref _sent, framesSent);
        _firstEstimate = CoarsePreview.ReopenedSecondsPerSample;
        lock (_gate)
        {
            _lastTransaction = transaction;
        }
    }

    /// <summary>Frames go to <paramref name="sink"/> (null: nowhere, until one attaches), as opening <paramref name="generation"/>; the next is a keyframe.</summary>
    internal void Attach(IVideoSink? sink, long generation)
    {
        _output.Attach(sink, generation);
        RequestKeyframe();
        _ready.Set();
    }

    /// <summary>
    /// A commit of the session's scene: render the new head, a one-sample preview first. The edit's
    /// ages place it on this silo's clock (late by the notification's transit).
    /// </summary>
    internal void OnSceneChanged(VideoEdit edit)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            _lastTransaction = edit.Transaction;
            _editCommitted = Before(now, edit.CommittedAgoMs);
            _editReceived = Before(now, edit.ReceivedAgoMs);
        }

        Volatile.Write(ref _sceneDirty, 1);
        Interrupt();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _changed.Set();
        _ready.Set();
        try
        {
            await Task.WhenAll(_renderLoop, _sendLoop).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // A pass that ignores cancellation for 30 s: let it finish on its own; nothing it produces is sent.
        }

        if (Interlocked.Exchange(ref _encoder, null) is { } encoder)
        {
            await encoder.DisposeAsync();
        }

        _stop.Dispose();
        _changed.Dispose();
        _ready.Dispose();
        LogClosed(_sessionId, Id, FramesSent, FramesDropped);
    }

    private void Interrupt()
    {
        lock (_gate)
        {
            try
            {
                _pass?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The pass ended meanwhile.
            }
        }

        _changed.Set();
    }

    private async Task RunGuardedAsync(Func<CancellationToken, Task> loop)
    {
        try
        {
            await loop(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed.
        }
        catch (Exception ex)
        {
            LogLoopFailed(ex, _sessionId, Id);
            await PushErrorAsync(Protocol.ErrorCode.InternalError, $"The video context stopped: {ex.Message}", fatal: true);
        }
    }

    private async Task PushErrorAsync(Protocol.ErrorCode code, string message, bool fatal)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        var data = JsonSerializer.SerializeToElement(
            new VideoErrorEvent(Id, (int)code, message, fatal, Volatile.Read(ref _encoder)?.Starts ?? 0), VideoJson.Default.VideoErrorEvent);
        await _session.PushEventAsync(VideoNames.ErrorEvent, data);
    }

    private long Before(long now, double agoMs) =>
        now - (long)(Math.Clamp(agoMs, 0, 60_000) / 1000 * _time.TimestampFrequency);
}
