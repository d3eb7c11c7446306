using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBridge.Rendering;
using IClusterMembershipService = Orleans.Runtime.IClusterMembershipService;
using OrleansBridge.Protocol.Media;
using OrleansBridge.Scene;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Video;

/// <summary>
/// The video contexts of the sessions served here (docs/video.md, "Where contexts run"): what each
/// client asked for, validated and kept here, beside the session and its socket, while the render loop
/// and the encoder of every context run on the session's video grain (<see cref="IVideoGrain"/>), on a
/// render silo when the cluster has one. Encoded frames come back through the session's
/// <see cref="IVideoSink"/> onto its media queue, under the same MediaAck bound as before.
/// <para>
/// Streams survive: every second (and at once when cluster membership changes) this silo renews each
/// session's lease with its video grain and opens again, with a keyframe, every context a fresh
/// activation lacks: its render silo died and Orleans activated the grain on another. When the session
/// moves to another silo the contexts keep running; the new silo attaches to them
/// (<see cref="SessionMedia.Continued"/>) and they send there, starting with a keyframe.
/// </para>
/// </summary>
public sealed partial class VideoContexts : IAsyncDisposable
{
    /// <summary>How often each session's lease is renewed (the video grain's lease is ten of these).</summary>
    private static readonly TimeSpan RenewPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The next round after one that could not reach a video grain (its silo is failing over).</summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(200);

    /// <summary>A renewal answers in milliseconds; one that takes longer went to a silo that is gone.</summary>
    private static readonly TimeSpan RenewTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Bound on the other calls to a video grain (opening, closing): a dead silo's fail within it.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, SessionVideo> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _attaching = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Departed> _departed = new(StringComparer.Ordinal);
    private readonly SessionMedia _media;
    private readonly IGrainFactory _grains;
    private readonly VideoEngines _engines;
    private readonly TimeProvider _time;
    private readonly ILogger<VideoContexts> _logger;
    private readonly Diagnostics.BridgeMetrics _metrics;
    private readonly IClusterMembershipService? _membership;
    private readonly CancellationTokenSource _stop = new();
    private readonly AsyncSignal _wake = new();
    private readonly Lock _gate = new();
    private Task? _renewing;

    public VideoContexts(SessionMedia media, IGrainFactory grains, VideoEngines engines, VideoEncoders encoders, SessionLifecycle sessions,
        SceneLifecycle scenes, TimeProvider time, ILogger<VideoContexts> logger, Diagnostics.BridgeMetrics metrics,
        IServiceProvider services, IOptions<RenderingOptions> rendering)
    {
        ArgumentNullException.ThrowIfNull(encoders); // constructed here so that its probe starts with the process
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(scenes);
        ArgumentNullException.ThrowIfNull(services);
        _media = media;
        _grains = grains;
        _engines = engines;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _membership = services.GetService(typeof(IClusterMembershipService)) as IClusterMembershipService;
        Defaults = VideoSettings.Defaults(rendering.Value);
        sessions.OnRelease(ReleaseSessionAsync);
        scenes.Changed += OnSceneChanged;
        media.Continued += OnContinued;
    }

    /// <summary>A new context's settings before its request applies (the server's <c>Bridge:Rendering</c> defaults).</summary>
    public VideoSettings Defaults { get; }

    /// <summary>A context whose render loop and encoder run in this process, for operators and tests.</summary>
    public bool TryGet(string sessionId, string context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VideoContext? video) =>
        _engines.TryGet(sessionId, context, out video);

    /// <summary>The number of open contexts of a session served here.</summary>
    public int Count(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var video))
        {
            return 0;
        }

        lock (video)
        {
            return video.Links.Count;
        }
    }

    internal async Task<RequestResult> CreateAsync(RequestContext request, VideoSettings settings)
    {
        await AttachedAsync(request.SessionId);
        if (!_media.TryGet(request.SessionId, out var queue))
        {
            return RequestResult.Fail(ErrorCode.Cancelled, "The session is closing.");
        }

        var video = await TrackAsync(request.SessionId, request.Application, queue);
        VideoLink link;
        lock (video)
        {
            if (video.Links.Count >= VideoSettings.MaxContextsPerSession)
            {
                return RequestResult.Fail(ErrorCode.VideoTooManyContexts,
                    $"This session has {VideoSettings.MaxContextsPerSession} video contexts, the most allowed; close one first.");
            }

            link = new VideoLink($"v{++video.LastId}", settings, video.Queue.Open(settings.MaxPendingFrames), 1, _time.GetTimestamp());
            video.Links[link.Id] = link;
        }

        try
        {
            link.Encoder = await video.Grain.OpenAsync(new VideoOpen(video.Application, link.Id, link.Generation, settings.ToParams(), video.Reference, null, 0))
                .WaitAsync(CallTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lock (video)
            {
                video.Links.Remove(link.Id);
            }

            link.Stream.Dispose();
            LogUnreachable(ex, request.SessionId, "open");
            return RequestResult.Fail(ErrorCode.InternalError, $"The video context could not be started where it renders: {ex.Message}");
        }

        EnsureRenewing();
        return RequestResult.Ok(settings.ToResult(link.Id, link.Encoder), VideoJson.Default.VideoContextResult);
    }

    internal async Task<RequestResult> UpdateAsync(string sessionId, VideoSettingsParams changes)
    {
        await AttachedAsync(sessionId);
        if (!TryLink(sessionId, changes.Context, out var video, out var link))
        {
            return NotFound(changes.Context);
        }

        VideoSettings settings;
        lock (video)
        {
            if (!VideoSettings.TryApply(link.Settings, changes, out settings, out var problem))
            {
                return RequestResult.Fail(ErrorCode.VideoSettingsInvalid, problem);
            }

            link.Settings = settings;
        }

        link.Stream.SetMaxPending(settings.MaxPendingFrames);
        await CallAsync(video, link, (grain, id) => grain.UpdateAsync(id, settings.ToParams()));
        return RequestResult.Ok(settings.ToResult(link.Id, link.Encoder), VideoJson.Default.VideoContextResult);
    }

    internal async Task<RequestResult> ActAsync(string sessionId, string? id, Func<IVideoGrain, string, Task<bool>> action)
    {
        await AttachedAsync(sessionId);
        if (!TryLink(sessionId, id, out var video, out var link))
        {
            return NotFound(id);
        }

        await CallAsync(video, link, action);
        return RequestResult.Ok(new VideoContextParams(link.Id), VideoJson.Default.VideoContextParams);
    }

    internal async Task<RequestResult> CloseAsync(string sessionId, string? id)
    {
        await AttachedAsync(sessionId);
        if (!_sessions.TryGetValue(sessionId, out var video))
        {
            return NotFound(id);
        }

        VideoLink? link;
        lock (video)
        {
            if (!video.Links.Remove(id ?? string.Empty, out link))
            {
                return NotFound(id);
            }
        }

        try
        {
            await video.Grain.CloseAsync(link.Id).WaitAsync(CallTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, sessionId, "close"); // its lease ends it there
        }

        link.Stream.Dispose();
        return RequestResult.Ok(new VideoContextParams(link.Id), VideoJson.Default.VideoContextParams);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_renewing is { } renewing)
        {
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private static RequestResult NotFound(string? id) =>
        RequestResult.Fail(ErrorCode.VideoContextNotFound, $"This session has no video context '{id}'.");

    private bool TryLink(string sessionId, string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SessionVideo? video,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VideoLink? link)
    {
        link = null;
        if (!_sessions.TryGetValue(sessionId, out video))
        {
            return false;
        }

        lock (video)
        {
            return video.Links.TryGetValue(id ?? string.Empty, out link);
        }
    }

    /// <summary>
    /// The session's video state here, created with its sink on first use. Orleans creates observer
    /// references only outside a grain's turn (a request handler runs inside the session's): the thread
    /// pool does it.
    /// </summary>
    private async Task<SessionVideo> TrackAsync(string sessionId, string application, MediaQueue queue)
    {
        if (_sessions.TryGetValue(sessionId, out var known))
        {
            return known;
        }

        return await Task.Run(() =>
        {
            lock (_gate)
            {
                if (_sessions.TryGetValue(sessionId, out var video))
                {
                    return video;
                }

                video = new SessionVideo(sessionId, application, queue, _grains.GetGrain<IVideoGrain>(sessionId), _time);
                video.Reference = _grains.CreateObjectReference<IVideoSink>(video.Sink);
                _sessions[sessionId] = video;
                return video;
            }
        });
    }

    /// <summary>A call for one context; a video grain that does not have it (a fresh activation) gets it opened again.</summary>
    private async Task CallAsync(SessionVideo video, VideoLink link, Func<IVideoGrain, string, Task<bool>> call)
    {
        try
        {
            if (!await call(video.Grain, link.Id).WaitAsync(CallTimeout))
            {
                await ReopenAsync(video, link.Id);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, video.SessionId, "change"); // the settings are kept here: a reopening applies them
            _wake.Set();
        }
    }

    private void OnSceneChanged(SceneEvent change)
    {
        if (!change.Committed || !_sessions.TryGetValue(change.SessionId, out var video))
        {
            return;
        }

        var now = _time.GetTimestamp();

        // The gateway's read of the commit request; a commit that came another way (an import) starts here.
        var received = change.ReceivedAt is > 0 and var at && at <= now ? at : now;
        lock (video)
        {
            video.Committed(change.Transaction, received);
            if (video.Links.Count == 0)
            {
                return;
            }
        }

        var edit = new VideoEdit(change.Transaction, change.Version, _time.GetElapsedTime(received, now).TotalMilliseconds, 0);
        video.Grain.SceneChangedAsync(edit).Ignore(); // one-way: the grain renders the head it reads
    }
}
