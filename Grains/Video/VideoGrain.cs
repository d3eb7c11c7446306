using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using OrleansBridge.Rendering.Placement;
using OrleansBridge.Sessions;

namespace OrleansBridge.Video;

/// <summary>
/// Runs the render loops and encoders of one session's video contexts (<see cref="IVideoGrain"/>):
/// on a render silo when the cluster has one, else beside the session. It holds no stored state: the
/// session's silo knows every context and opens again, on whichever silo Orleans activates this grain
/// next, what a fresh activation lacks. A lease guards against the opposite loss: when the session's
/// silo stops renewing (it died, or the session closed without telling), the contexts close here.
/// </summary>
[RenderSiloPlacementFilter] // only render silos, when there are any
[PreferLocalPlacement] // among those: the caller's silo if it is one (a deployment without render silos renders beside the session)
internal sealed partial class VideoGrain(
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
    private long _renewed;
    private IGrainTimer? _leaseTimer;

    private string SessionId => field ??= this.GetPrimaryKeyString();

    public async Task<string> OpenAsync(VideoOpen open)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (!VideoSettings.TryRead(open.Settings, out var settings, out var problem))
        {
            throw new ArgumentException($"Video settings refused: {problem}", nameof(open));
        }

        Renewed();
        if (_contexts.TryGetValue(open.Context, out var existing))
        {
            existing.Update(settings);
            existing.Attach(open.Sink, open.Generation);
            return existing.EncoderName;
        }

        var engine = new VideoContext(open.Context, SessionId, open.Application, settings, GrainFactory.GetGrain<ISessionGrain>(SessionId), source,
            new VideoOutput(open.Context, open.Sink, open.Generation), time, loggers.CreateLogger<VideoContext>(),
            await encoders.NvencAsync(), metrics, render.Backend);
        if (open.Generation > 1)
        {
            engine.Continue(open.LastTransaction, open.FramesSent); // opened again: its render silo was lost
        }

        _contexts[open.Context] = engine;
        engines.Add(SessionId, engine);
        engine.Start();
        _leaseTimer ??= this.RegisterGrainTimer(CheckLeaseAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return engine.EncoderName;
    }

    public Task<bool> UpdateAsync(string context, VideoSettingsParams settings)
    {
        if (!_contexts.TryGetValue(context, out var engine))
        {
            return Task.FromResult(false);
        }

        if (!VideoSettings.TryRead(settings, out var read, out var problem))
        {
            throw new ArgumentException($"Video settings refused: {problem}", nameof(settings));
        }

        engine.Update(read);
        return Task.FromResult(true);
    }

    public Task<bool> KeyframeAsync(string context) => Act(context, static engine => engine.RequestKeyframe());

    public Task<bool> ResetAsync(string context) => Act(context, static engine => engine.ResetEncoder());

    public async Task CloseAsync(string context)
    {
        if (_contexts.Remove(context, out var engine))
        {
            await StopAsync(engine);
        }

        if (_contexts.Count == 0)
        {
            DeactivateOnIdle();
        }
    }

    public async Task CloseAllAsync()
    {
        await StopAllAsync();
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

        var missing = contexts.Where(c => !_contexts.ContainsKey(c)).ToArray();
        if (_contexts.Count == 0)
        {
            DeactivateOnIdle(); // a fresh activation: the session's silo opens its contexts again, maybe here
        }

        return Task.FromResult(new VideoLease(missing, silo.SiloAddress.ToString()));
    }

    public Task<VideoContextState[]> AttachAsync(IVideoSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_contexts.Count == 0)
        {
            DeactivateOnIdle(); // the session had no video here (or its render silo died meanwhile)
            return Task.FromResult<VideoContextState[]>([]);
        }

        Renewed();
        foreach (var engine in _contexts.Values)
        {
            engine.Attach(sink, engine.Generation);
        }

        LogAttached(SessionId, _contexts.Count);
        return Task.FromResult(_contexts.Values
            .Select(e => new VideoContextState(e.Application, e.Id, e.Generation, e.Settings.ToParams(), e.EncoderName, e.FramesSent))
            .ToArray());
    }

    public Task DetachAsync(IVideoSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var engine in _contexts.Values)
        {
            if (sink.Equals(engine.Sink))
            {
                engine.Attach(null, engine.Generation);
            }
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopAllAsync(); // this silo stops: the session's silo opens the contexts again elsewhere
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

    private async Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        if (_contexts.Count > 0 && time.GetElapsedTime(_renewed) > Lease)
        {
            LogLeaseExpired(SessionId, _contexts.Count, Lease.TotalSeconds);
            await StopAllAsync();
            DeactivateOnIdle();
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

    [LoggerMessage(EventId = Logging.LogEvents.VideoContextsAttached, Level = LogLevel.Information,
        Message = "Session {SessionId}: {Count} video contexts now send to the session's new silo")]
    private partial void LogAttached(string sessionId, int count);
}
