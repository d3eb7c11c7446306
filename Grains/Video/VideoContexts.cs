using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans;
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
        IServiceProvider services)
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
        sessions.OnRelease(ReleaseSessionAsync);
        scenes.Changed += OnSceneChanged;
        media.Continued += OnContinued;
    }

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

    private async Task ReleaseSessionAsync(SessionRelease release)
    {
        if (!_sessions.TryRemove(release.SessionId, out var video))
        {
            return;
        }

        List<VideoLink> links;
        lock (video)
        {
            links = [.. video.Links.Values];
            video.Links.Clear();
            if (release.Moved && links.Count > 0)
            {
                // Kept for one lease: if the session comes back here while its render silo is lost, these are opened again.
                ForgetDeparted();
                _departed[release.SessionId] = new Departed(_time.GetTimestamp(), video.LastId, video.LastTransaction,
                    [.. links.Select(l => new DepartedContext(l.Id, l.Settings, l.Generation, l.Sent))]);
            }
        }

        if (links.Count > 0)
        {
            try
            {
                // Moved: the contexts keep running where they render, and the new silo attaches to them.
                await (release.Moved ? video.Grain.DetachAsync(video.Reference) : video.Grain.CloseAllAsync()).WaitAsync(CallTimeout);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogUnreachable(ex, release.SessionId, release.Moved ? "detach" : "close"); // their lease ends them there
            }
        }

        foreach (var link in links)
        {
            link.Stream.Dispose();
        }

        await Task.Run(() => _grains.DeleteObjectReference<IVideoSink>(video.Reference)); // outside the session's turn, as created
    }

    /// <summary>
    /// A session continued here: its contexts are attached in the background (the handler runs in the
    /// session's turn), and its <c>video.*</c> requests wait for that, so a client that asks for a
    /// keyframe after resuming finds its context.
    /// </summary>
    private void OnContinued(string sessionId, string application)
    {
        var attaching = Task.Run(() => AttachAsync(sessionId, application));
        _attaching[sessionId] = attaching;
        attaching.ContinueWith(_ => _attaching.TryRemove(new KeyValuePair<string, Task>(sessionId, attaching)), TaskScheduler.Default).Ignore();
    }

    private Task AttachedAsync(string sessionId) => _attaching.TryGetValue(sessionId, out var attaching) ? attaching : Task.CompletedTask;

    /// <summary>The session continues here after living on another silo: its contexts, still running, send here from now on.</summary>
    private async Task AttachAsync(string sessionId, string application)
    {
        if (!_media.TryGet(sessionId, out var queue))
        {
            return;
        }

        var video = await TrackAsync(sessionId, application, queue);

        // What this silo kept when the session left it (one lease): told to the grain, and opened again
        // below should the grain have lost it.
        Departed? departed = null;
        if (_departed.TryRemove(sessionId, out var left) && _time.GetElapsedTime(left.At) < VideoGrain.Lease)
        {
            departed = left;
        }

        VideoContextState[] known = departed is null
            ? []
            : [.. departed.Contexts.Select(c => new VideoContextState(application, c.Id, c.Generation, c.Settings.ToParams(), "?", c.Sent))];
        VideoContextState[] states;
        try
        {
            states = await video.Grain.AttachAsync(video.Reference, known).WaitAsync(CallTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, sessionId, "attach");
            states = [];
        }

        var attached = 0;
        List<string> lost = [];
        lock (video)
        {
            // Contexts it had when it left this silo that the video grain lacks (their render silo died meanwhile): opened again below.
            if (departed is not null)
            {
                video.LastId = Math.Max(video.LastId, departed.LastId);
                if (departed.LastTransaction is { } transaction && video.LastTransaction is null)
                {
                    video.Committed(transaction, departed.At);
                }

                foreach (var context in departed.Contexts.Where(c => !video.Links.ContainsKey(c.Id) && states.All(s => s.Context != c.Id)))
                {
                    video.Links[context.Id] = new VideoLink(context.Id, context.Settings, video.Queue.Open(context.Settings.MaxPendingFrames), context.Generation,
                        _time.GetTimestamp()) { Sent = context.Sent };
                    lost.Add(context.Id);
                }
            }

            foreach (var state in states)
            {
                if (video.Links.ContainsKey(state.Context) || !VideoSettings.TryRead(state.Settings, out var settings, out _))
                {
                    continue;
                }

                video.Links[state.Context] = new VideoLink(state.Context, settings, video.Queue.Open(settings.MaxPendingFrames), state.Generation, _time.GetTimestamp())
                {
                    Encoder = state.Encoder,
                    Sent = state.FramesSent,
                };
                video.LastId = Math.Max(video.LastId, int.TryParse(state.Context.AsSpan(1), out var n) ? n : 0);
                attached++;
            }
        }

        if (attached > 0)
        {
            LogAttached(sessionId, attached);
        }

        foreach (var id in lost)
        {
            await ReopenAsync(video, id);
        }

        if (attached + lost.Count > 0)
        {
            EnsureRenewing();
        }
    }

    /// <summary>Drops what departed sessions left here longer than a lease ago (their contexts are closed where they ran).</summary>
    private void ForgetDeparted()
    {
        foreach (var (sessionId, departed) in _departed)
        {
            if (_time.GetElapsedTime(departed.At) >= VideoGrain.Lease)
            {
                _departed.TryRemove(sessionId, out _);
            }
        }
    }

    /// <summary>A session that moved away from this silo, as it was: for a return while its render silo was lost.</summary>
    private sealed record Departed(long At, int LastId, string? LastTransaction, DepartedContext[] Contexts);

    private sealed record DepartedContext(string Id, VideoSettings Settings, long Generation, long Sent);

    private void EnsureRenewing()
    {
        lock (_gate)
        {
            _renewing ??= Task.Run(RenewLoopAsync);
        }
    }

    /// <summary>Renews every session's lease each <see cref="RenewPeriod"/>, and at once when membership changes.</summary>
    private async Task RenewLoopAsync()
    {
        var membership = WatchMembershipAsync();
        var retry = false;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _wake.WaitAsync(retry ? RetryPeriod : RenewPeriod, _stop.Token);
                var rounds = _sessions.Values.Select(RenewAsync).ToList();
                retry = (await Task.WhenAll(rounds)).Contains(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }

        await membership;
    }

    /// <summary>A silo that joins or dies: renew now (a dead render silo's contexts are opened again at once).</summary>
    private async Task WatchMembershipAsync()
    {
        if (_membership is null)
        {
            return;
        }

        try
        {
            await foreach (var _ in _membership.MembershipUpdates.WithCancellation(_stop.Token))
            {
                _wake.Set();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One session's renewal; false when its video grain could not be reached or a context not reopened (retry soon).</summary>
    private async Task<bool> RenewAsync(SessionVideo video)
    {
        string[] ids;
        lock (video)
        {
            if (video.Links.Count == 0)
            {
                return true;
            }

            ids = [.. video.Links.Keys];
        }

        VideoLease lease;
        try
        {
            lease = await video.Grain.RenewAsync(video.Reference, ids).WaitAsync(RenewTimeout, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (!video.Unreachable)
            {
                video.Unreachable = true;
                LogUnreachable(ex, video.SessionId, "renew");
            }

            return false;
        }

        video.Unreachable = false;
        var reopened = true;
        foreach (var id in lease.Missing)
        {
            reopened &= await ReopenAsync(video, id, lease.Silo);
        }

        return reopened;
    }

    /// <summary>Opens a context again on the session's video grain (a new generation: frames of the old one are refused).</summary>
    private async Task<bool> ReopenAsync(SessionVideo video, string id, string? silo = null)
    {
        VideoLink? link;
        VideoOpen open;
        lock (video)
        {
            if (!video.Links.TryGetValue(id, out link))
            {
                return true; // closed meanwhile
            }

            link.Generation++;
            link.Opened = _time.GetTimestamp();
            open = new VideoOpen(video.Application, id, link.Generation, link.Settings.ToParams(), video.Reference, video.LastTransaction, link.Sent);
        }

        try
        {
            link.Encoder = await video.Grain.OpenAsync(open).WaitAsync(CallTimeout, _stop.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreachable(ex, video.SessionId, "reopen");
            return false;
        }

        _metrics.VideoContextsReopened.Add(1);
        LogReopened(video.SessionId, id, silo ?? "?");
        return true;
    }

    /// <summary>One session's video here: its contexts, its sink and the commits its frames may name.</summary>
    private sealed class SessionVideo
    {
        private readonly (string Transaction, long ReceivedAt)[] _edits = new (string, long)[16];
        private int _nextEdit;

        public SessionVideo(string sessionId, string application, MediaQueue queue, IVideoGrain grain, TimeProvider time)
        {
            SessionId = sessionId;
            Application = application;
            Queue = queue;
            Grain = grain;
            Sink = new VideoSink(this, time);
        }

        public string SessionId { get; }

        public string Application { get; }

        public MediaQueue Queue { get; }

        public IVideoGrain Grain { get; }

        /// <summary>The sink object (held here: Orleans keeps only a weak reference to it).</summary>
        public VideoSink Sink { get; }

        public IVideoSink Reference { get; set; } = null!;

        /// <summary>Contexts by id; guarded by locking this object.</summary>
        public Dictionary<string, VideoLink> Links { get; } = new(StringComparer.Ordinal);

        public int LastId { get; set; }

        public string? LastTransaction { get; private set; }

        public bool Unreachable { get; set; }

        /// <summary>Remembers a commit and when the gateway read it (under the lock).</summary>
        public void Committed(string transaction, long receivedAt)
        {
            LastTransaction = transaction;
            _edits[_nextEdit++ % _edits.Length] = (transaction, receivedAt);
        }

        /// <summary>When the gateway read the edit a frame shows (under the lock): the origin of its <c>sent</c> stamp.</summary>
        public long OriginOf(string? transaction, VideoLink link)
        {
            if (transaction is not null)
            {
                foreach (var edit in _edits)
                {
                    if (edit.Transaction == transaction)
                    {
                        return edit.ReceivedAt;
                    }
                }
            }

            return link.Opened;
        }
    }

    /// <summary>One context as its session's silo knows it.</summary>
    private sealed class VideoLink(string id, VideoSettings settings, MediaStream stream, long generation, long opened)
    {
        public string Id { get; } = id;

        public VideoSettings Settings { get; set; } = settings;

        public MediaStream Stream { get; } = stream;

        public long Generation { get; set; } = generation;

        /// <summary>When it was opened (again) here: the origin of <c>sent</c> for frames that name no commit.</summary>
        public long Opened { get; set; } = opened;

        public string Encoder { get; set; } = "?";

        private long _sent;

        /// <summary>Frames queued for the client (a context opened again numbers on from here).</summary>
        public long Sent
        {
            get => Interlocked.Read(ref _sent);
            init => _sent = value;
        }

        public void Queued() => Interlocked.Increment(ref _sent);
    }

    /// <summary>Queues a session's frames on its media queue and reports flow control (an Orleans observer).</summary>
    private sealed class VideoSink(SessionVideo video, TimeProvider time) : IVideoSink
    {
        private static readonly VideoSinkState Closed = new(false, false, 0, 0, 0, 0);

        public Task<VideoSinkState> DeliverAsync(string context, long generation, byte[] frame, string? transaction)
        {
            VideoLink? link;
            long origin;
            lock (video)
            {
                if (!video.Links.TryGetValue(context, out link) || link.Generation != generation)
                {
                    return Task.FromResult(Closed);
                }

                origin = video.OriginOf(transaction, link);
            }

            var queued = link.Stream.TryEnqueue(frame, MediaSentStamp.Locate(frame, origin, time)) != 0;
            if (queued)
            {
                link.Queued();
            }

            return Task.FromResult(State(link, queued));
        }

        public Task<VideoSinkState> StateAsync(string context, long generation)
        {
            lock (video)
            {
                if (!video.Links.TryGetValue(context, out var link) || link.Generation != generation)
                {
                    return Task.FromResult(Closed);
                }

                return Task.FromResult(State(link, false));
            }
        }

        private static VideoSinkState State(VideoLink link, bool accepted) =>
            new(accepted, true, link.Stream.Pending, link.Stream.MaxPending, link.Stream.ResetEpoch, link.Stream.AcknowledgedBytes);
    }

    [LoggerMessage(EventId = Logging.LogEvents.VideoContextReopened, Level = LogLevel.Warning,
        Message = "Session {SessionId}: video context {Context} opened again (its render silo was lost); it renders on {Silo}")]
    private partial void LogReopened(string sessionId, string context, string silo);

    [LoggerMessage(EventId = Logging.LogEvents.VideoContextsAttached, Level = LogLevel.Information,
        Message = "Session {SessionId}: {Count} running video contexts now send here")]
    private partial void LogAttached(string sessionId, int count);

    [LoggerMessage(EventId = Logging.LogEvents.VideoGrainUnreachable, Level = LogLevel.Warning,
        Message = "Session {SessionId}: the video grain did not answer ({Call}); retrying")]
    private partial void LogUnreachable(Exception exception, string sessionId, string call);
}
