using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Rendering.Video;
using OrleansBridge.Scene;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Video;

/// <summary>
/// The video contexts of every session: created and changed by the <c>video.*</c> methods, told of
/// their session's commits, and closed (before CLOSED is announced) when the session closes.
/// </summary>
public sealed partial class VideoContexts
{
    private readonly ConcurrentDictionary<string, SessionContexts> _sessions = new(StringComparer.Ordinal);
    private readonly SessionMedia _media;
    private readonly IGrainFactory _grains;
    private readonly IVideoSceneSource _source;
    private readonly ILoggerFactory _loggers;
    private readonly Task<H264ProbeResult> _probe;
    private readonly ILogger<VideoContexts> _logger;
    private readonly Diagnostics.BridgeMetrics _metrics;
    private readonly Rendering.RenderServices _render;
    private int _probeLogged;

    public VideoContexts(SessionMedia media, IGrainFactory grains, IVideoSceneSource source, SessionLifecycle sessions, SceneLifecycle scenes, ILoggerFactory loggers, Diagnostics.BridgeMetrics metrics, Rendering.RenderServices render)
    {
        ArgumentNullException.ThrowIfNull(render);
        _render = render;
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(scenes);
        _media = media;
        _grains = grains;
        _source = source;
        _loggers = loggers;
        _logger = loggers.CreateLogger<VideoContexts>();
        _probe = H264EncoderProbe.ProbeAsync();
        sessions.OnRelease(CloseSessionAsync); // moved too: the client reopens its contexts where it resumes
        scenes.Changed += OnSceneChanged;
    }

    /// <summary>A context of a session, for operators and tests.</summary>
    public bool TryGet(string sessionId, string context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VideoContext? video)
    {
        video = null;
        return _sessions.TryGetValue(sessionId, out var contexts) && contexts.ById.TryGetValue(context, out video);
    }

    /// <summary>The number of open contexts of a session.</summary>
    public int Count(string sessionId) => _sessions.TryGetValue(sessionId, out var contexts) ? contexts.ById.Count : 0;

    internal async Task<RequestResult> CreateAsync(RequestContext request, VideoSettings settings)
    {
        if (!_media.TryGet(request.SessionId, out var queue))
        {
            return RequestResult.Fail(ErrorCode.Cancelled, "The session is closing.");
        }

        var probe = await _probe;
        if (Interlocked.Exchange(ref _probeLogged, 1) == 0)
        {
            // Which libx264: in process (keyframes and bitrate changes without restarts), or the ffmpeg process and why.
            var x264 = X264FrameEncoder.IsAvailable ? "libx264 in process" : $"libx264 through ffmpeg ({X264FrameEncoder.Unavailable})";
            LogProbed(probe.Nvenc ? "h264_nvenc" : x264, probe.Detail);
        }
        var contexts = _sessions.GetOrAdd(request.SessionId, static _ => new SessionContexts());
        VideoContext context;
        lock (contexts)
        {
            if (contexts.ById.Count >= VideoSettings.MaxContextsPerSession)
            {
                return RequestResult.Fail(ErrorCode.VideoTooManyContexts,
                    $"This session has {VideoSettings.MaxContextsPerSession} video contexts, the most allowed; close one first.");
            }

            var id = $"v{++contexts.LastId}";
            context = new VideoContext(id, request.SessionId, request.Application, settings, _grains.GetGrain<ISessionGrain>(request.SessionId),
                _source, queue.Open(settings.MaxPendingFrames), request.Time, _loggers.CreateLogger<VideoContext>(), probe.Nvenc, _metrics, _render.Backend);
            contexts.ById[id] = context;
        }

        context.Start();
        return RequestResult.Ok(settings.ToResult(context.Id, context.EncoderName), VideoJson.Default.VideoContextResult);
    }

    internal RequestResult Update(string sessionId, VideoSettingsParams changes)
    {
        if (!TryGet(sessionId, changes.Context ?? string.Empty, out var context))
        {
            return NotFound(changes.Context);
        }

        if (!VideoSettings.TryApply(context.Settings, changes, out var settings, out var problem))
        {
            return RequestResult.Fail(ErrorCode.VideoSettingsInvalid, problem);
        }

        context.Update(settings);
        return RequestResult.Ok(settings.ToResult(context.Id, context.EncoderName), VideoJson.Default.VideoContextResult);
    }

    internal RequestResult Act(string sessionId, string? id, Action<VideoContext> action)
    {
        if (!TryGet(sessionId, id ?? string.Empty, out var context))
        {
            return NotFound(id);
        }

        action(context);
        return RequestResult.Ok(new VideoContextParams(context.Id), VideoJson.Default.VideoContextParams);
    }

    internal async Task<RequestResult> CloseAsync(string sessionId, string? id)
    {
        if (!_sessions.TryGetValue(sessionId, out var contexts) || !contexts.ById.TryRemove(id ?? string.Empty, out var context))
        {
            return NotFound(id);
        }

        await context.DisposeAsync();
        return RequestResult.Ok(new VideoContextParams(context.Id), VideoJson.Default.VideoContextParams);
    }

    private static RequestResult NotFound(string? id) =>
        RequestResult.Fail(ErrorCode.VideoContextNotFound, $"This session has no video context '{id}'.");

    private void OnSceneChanged(SceneEvent change)
    {
        if (_sessions.TryGetValue(change.SessionId, out var contexts))
        {
            foreach (var context in contexts.ById.Values)
            {
                context.OnSceneChanged(change);
            }
        }
    }

    private async Task CloseSessionAsync(SessionRelease closing)
    {
        if (_sessions.TryRemove(closing.SessionId, out var contexts))
        {
            foreach (var context in contexts.ById.Values)
            {
                await context.DisposeAsync();
            }
        }
    }

    private sealed class SessionContexts
    {
        public ConcurrentDictionary<string, VideoContext> ById { get; } = new(StringComparer.Ordinal);

        public int LastId { get; set; }
    }

    [LoggerMessage(EventId = Logging.LogEvents.VideoEncoderProbed, Level = LogLevel.Information, Message = "H.264 video encoder: {Encoder} ({Detail})")]
    private partial void LogProbed(string encoder, string detail);
}
