using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using OrleansBridge.Rendering.Placement;
using OrleansBridge.Sessions;

namespace OrleansBridge.Video;

/// <summary>
/// Runs the render loops and encoders of one session's video contexts (<see cref="IVideoGrain"/>):
/// on a render silo when the cluster has one, else beside the session. The session's silo knows every
/// context and opens again, on whichever silo Orleans activates this grain next, what a fresh
/// activation lacks. The grain also stores its contexts (settings, generation, frames sent; written at
/// each open, change, close, detach and deactivation, never per frame) for the one case the session's
/// silo cannot cover: the grain deactivated (its silo stopped, or Orleans moved its directory entry)
/// while the session was moving, so that the new silo, which knows nothing yet, finds them when it
/// attaches. A lease guards against the opposite loss: when the session's silo stops renewing (it
/// died, or the session closed without telling), the contexts close here and the record is cleared.
/// </summary>
[RenderSiloPlacementFilter] // only render silos, when there are any
[PreferLocalPlacement] // among those: the caller's silo if it is one (a deployment without render silos renders beside the session)
internal sealed partial class VideoGrain(
    [PersistentState("video", Storage.GrainStorageSetup.ProviderName)] IPersistentState<VideoGrainRecord> record,
    IVideoSceneSource source,
    VideoEngines engines,
    VideoEncoders encoders,
    TimeProvider time,
    ILoggerFactory loggers,
    Diagnostics.BridgeMetrics metrics,
    Rendering.RenderServices render,
    ILocalSiloDetails silo,
    ILogger<VideoGrain> logger) : Grain, IVideoGrain
{
    /// <summary>How long the contexts run without a renewal from the session's silo (which renews every second).</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, VideoContext> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredVideoContext> _stored = new(StringComparer.Ordinal);
    private long _renewed;
    private IGrainTimer? _leaseTimer;

    private string SessionId => field ??= this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Contexts a previous activation stored: started when a session's new silo attaches, opened by
        // the session's silo otherwise (it knows better how far the client is); closed with the lease.
        foreach (var stored in record.State?.Contexts ?? [])
        {
            _stored[stored.Context] = stored;
        }

        if (_stored.Count > 0)
        {
            Renewed();
            WatchLease();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<string> OpenAsync(VideoOpen open)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (!VideoSettings.TryRead(open.Settings, out var settings, out var problem))
        {
            throw new ArgumentException($"Video settings refused: {problem}", nameof(open));
        }

        Renewed();
        _stored.Remove(open.Context);
        if (_contexts.TryGetValue(open.Context, out var existing))
        {
            existing.Update(settings);
            existing.Attach(open.Sink, open.Generation);
            await SaveAsync();
            return existing.EncoderName;
        }

        var engine = await StartAsync(open.Application, open.Context, open.Generation, settings, open.Sink,
            open.Generation > 1 ? (open.LastTransaction, open.FramesSent) : null); // opened again: its render silo was lost
        await SaveAsync();
        return engine.EncoderName;
    }

    private async Task<VideoContext> StartAsync(string application, string context, long generation, VideoSettings settings, IVideoSink? sink,
        (string? Transaction, long FramesSent)? continued)
    {
        var engine = new VideoContext(context, SessionId, application, settings, GrainFactory.GetGrain<ISessionGrain>(SessionId), source,
            new VideoOutput(context, sink!, generation), time, loggers.CreateLogger<VideoContext>(),
            await encoders.NvencAsync(), metrics, render.Backend);
        if (continued is var (transaction, framesSent))
        {
            engine.Continue(transaction, framesSent);
        }

        _contexts[context] = engine;
        engines.Add(SessionId, engine);
        engine.Start();
        WatchLease();
        return engine;
    }

    public async Task<bool> UpdateAsync(string context, VideoSettingsParams settings)
    {
        if (!_contexts.TryGetValue(context, out var engine))
        {
            return false;
        }

        if (!VideoSettings.TryRead(settings, out var read, out var problem))
        {
            throw new ArgumentException($"Video settings refused: {problem}", nameof(settings));
        }

        engine.Update(read);
        await SaveAsync();
        return true;
    }

    public Task<bool> KeyframeAsync(string context) => Act(context, static engine => engine.RequestKeyframe());

    public Task<bool> ResetAsync(string context) => Act(context, static engine => engine.ResetEncoder());

    public async Task CloseAsync(string context)
    {
        _stored.Remove(context);
        if (_contexts.Remove(context, out var engine))
        {
            await StopAsync(engine);
        }

        await SaveAsync();
        if (_contexts.Count == 0)
        {
            DeactivateOnIdle();
        }
    }

    public async Task CloseAllAsync()
    {
        _stored.Clear();
        await StopAllAsync();
        await SaveAsync();
        DeactivateOnIdle();
    }

    public Task SceneChangedAsync(VideoEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        foreach (var engine in _contexts.Values)
        {
            engine.OnSceneChanged(edit);
        }

        return Task.CompletedTask;
    }

    public Task<VideoLease> RenewAsync(IVideoSink sink, string[] contexts)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(contexts);
        Renewed();
        foreach (var engine in _contexts.Values)
        {
            if (engine.Sink is null)
            {
                engine.Attach(sink, engine.Generation); // its sink was unreachable for a moment: it is back
            }
        }

        var missing = contexts.Where(c => !_contexts.ContainsKey(c)).ToArray(); // stored ones too: the session's silo knows how far its client is
        if (_contexts.Count == 0 && _stored.Count == 0)
        {
            DeactivateOnIdle(); // a fresh activation: the session's silo opens its contexts again, maybe here
        }

        return Task.FromResult(new VideoLease(missing, silo.SiloAddress.ToString()));
    }

    public async Task<VideoContextState[]> AttachAsync(IVideoSink sink, VideoContextState[] known)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(known);
        if (_contexts.Count == 0 && _stored.Count == 0)
        {
            DeactivateOnIdle(); // the session had no video here (or its render silo died meanwhile)
            return [];
        }

        Renewed();
        foreach (var engine in _contexts.Values)
        {
            engine.Attach(sink, engine.Generation);
        }

        // What a previous activation stored (it stopped while the session moved): started again here, a new generation.
        foreach (var stored in _stored.Values.ToList())
        {
            _stored.Remove(stored.Context);
            if (VideoSettings.TryRead(stored.Settings, out var settings, out _))
            {
                var framesSent = Math.Max(stored.FramesSent, known.FirstOrDefault(k => k.Context == stored.Context)?.FramesSent ?? 0);
                await StartAsync(stored.Application, stored.Context, stored.Generation + 1, settings, sink, (stored.LastTransaction, framesSent));
            }
        }

        await SaveAsync();
        LogAttached(SessionId, _contexts.Count);
        return [.. _contexts.Values.Select(e => new VideoContextState(e.Application, e.Id, e.Generation, e.Settings.ToParams(), e.EncoderName, e.FramesSent))];
    }

    public async Task DetachAsync(IVideoSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var engine in _contexts.Values)
        {
            if (sink.Equals(engine.Sink))
            {
                engine.Attach(null, engine.Generation);
            }
        }

        await SaveAsync(); // how far each stream got, for a new silo that attaches to a later activation
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Stopped with contexts running (its silo stops, or Orleans moved its directory entry): stored
        // as they are, for whichever silo serves the session next; the session's silo opens them again.
        if (_contexts.Count > 0)
        {
            await SaveAsync();
        }

        await StopAllAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private Task<bool> Act(string context, Action<VideoContext> action)
    {
        if (!_contexts.TryGetValue(context, out var engine))
        {
            return Task.FromResult(false);
        }

        action(engine);
        return Task.FromResult(true);
    }

    private void Renewed() => _renewed = time.GetTimestamp();

    /// <summary>Checks the lease every second from now on (once per activation).</summary>
    private void WatchLease() => _leaseTimer ??= this.RegisterGrainTimer(CheckLeaseAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    private async Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        if (_contexts.Count + _stored.Count > 0 && time.GetElapsedTime(_renewed) > Lease)
        {
            LogLeaseExpired(SessionId, _contexts.Count + _stored.Count, Lease.TotalSeconds);
            _stored.Clear();
            await StopAllAsync();
            await SaveAsync();
            DeactivateOnIdle();
        }
    }

    /// <summary>Stores the contexts (or clears the record when there are none); a failed write is logged, never fatal to a stream.</summary>
    private async Task SaveAsync()
    {
        var contexts = _contexts.Values
            .Select(e => new StoredVideoContext(e.Application, e.Id, e.Generation, e.Settings.ToParams(), e.FramesSent, e.LastTransaction))
            .Concat(_stored.Values)
            .ToList();
        try
        {
            if (contexts.Count > 0)
            {
                record.State = new VideoGrainRecord(contexts);
                await record.WriteStateAsync();
            }
            else if (record.RecordExists)
            {
                await record.ClearStateAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSaveFailed(ex, SessionId);
        }
    }

    private async Task StopAllAsync()
    {
        var stopping = _contexts.Values.ToList();
        _contexts.Clear();
        foreach (var engine in stopping)
        {
            await StopAsync(engine);
        }
    }

    private async Task StopAsync(VideoContext engine)
    {
        engines.Remove(SessionId, engine);
        await engine.DisposeAsync();
    }

    [LoggerMessage(EventId = Logging.LogEvents.VideoLeaseExpired, Level = LogLevel.Warning,
        Message = "Session {SessionId}: {Count} video contexts closed: their session's silo renewed nothing for {Seconds} s")]
    private partial void LogLeaseExpired(string sessionId, int count, double seconds);

    [LoggerMessage(EventId = Logging.LogEvents.VideoGrainUnreachable, Level = LogLevel.Warning,
        Message = "Session {SessionId}: the video contexts could not be stored; a move while this grain stops would lose them")]
    private partial void LogSaveFailed(Exception exception, string sessionId);

    [LoggerMessage(EventId = Logging.LogEvents.VideoContextsAttached, Level = LogLevel.Information,
        Message = "Session {SessionId}: {Count} video contexts now send to the session's new silo")]
    private partial void LogAttached(string sessionId, int count);
}
