using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Transport;
using OrleansBridge.Video;

namespace OrleansBridge.Client;

/// <summary>Video contexts: create, route Media frames and video events, acknowledge frames (docs/protocol.md §6.7).</summary>
public sealed partial class BridgeSession
{
    /// <summary>Video events kept for a context whose <c>video.create</c> answer has not arrived yet: a few suffice.</summary>
    private const int MaxEarlyVideoEvents = 32;

    private readonly ConcurrentDictionary<string, BridgeVideoContext> _videos = new(StringComparer.Ordinal);
    private readonly Queue<(string Context, string Name, JsonElement Data)> _earlyVideoEvents = new();
    private readonly CommitTimes _commits = new();

    /// <summary>Raised for every Media frame of every context, before the context's own event.</summary>
    public event Action<VideoFrame>? VideoFrameReceived;

    /// <summary>
    /// Creates a video context. Its first frames and events may arrive before the server's answer
    /// (protocol §6.7): frames are raised on <see cref="VideoFrameReceived"/> in any case, and events
    /// that came early are handed to the context right after <paramref name="subscribe"/> has attached
    /// the caller's handlers.
    /// </summary>
    public async Task<BridgeVideoContext> CreateVideoContextAsync(VideoSettingsParams settings, Action<BridgeVideoContext>? subscribe = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = await VideoRequestAsync(VideoNames.Create, settings, VideoJson.Default.VideoSettingsParams, VideoJson.Default.VideoContextResult, cancellationToken);
        var context = new BridgeVideoContext(this, result);
        subscribe?.Invoke(context);
        List<(string Context, string Name, JsonElement Data)> early;
        lock (_earlyVideoEvents)
        {
            _videos[context.Id] = context;
            early = [.. _earlyVideoEvents.Where(e => e.Context == context.Id)];
            var rest = _earlyVideoEvents.Where(e => e.Context != context.Id).ToArray();
            _earlyVideoEvents.Clear();
            foreach (var kept in rest)
            {
                _earlyVideoEvents.Enqueue(kept);
            }
        }

        foreach (var (_, name, data) in early)
        {
            context.OnEvent(name, data);
        }

        return context;
    }

    internal async Task<TResult> VideoRequestAsync<TParams, TResult>(string method, TParams parameters, JsonTypeInfo<TParams> info, JsonTypeInfo<TResult> resultInfo,
        CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, parameters, info, cancellationToken);
        if (!response.IsSuccess)
        {
            throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
        }

        return response.Result.Deserialize(resultInfo) ?? throw new BridgeRequestException(ErrorCode.MalformedBody, $"{method} answered without a result.");
    }

    internal void ForgetVideo(string id) => _videos.TryRemove(id, out _);

    /// <summary>
    /// After a resume: a context lives on the server that ran it, so when the session moved (a drain's
    /// 4306, a server that died) the new server does not know it. Each open context asks for a keyframe
    /// (a decoder needs one after a gap anyway, since Media frames are never replayed); one that is
    /// unknown there (4820) is created again with the settings in force and keeps its
    /// <see cref="BridgeVideoContext"/> object and handlers, so the stream goes on without the application.
    /// A reopen that fails is raised on the context's <see cref="BridgeVideoContext.Error"/>.
    /// </summary>
    private async Task ReopenVideoContextsAsync()
    {
        foreach (var context in _videos.Values.ToArray())
        {
            try
            {
                await context.RequestKeyframeAsync();
            }
            catch (BridgeRequestException ex) when (ex.Code == ErrorCode.VideoContextNotFound)
            {
                try
                {
                    var reopened = await VideoRequestAsync(VideoNames.Create, context.Reopening(), VideoJson.Default.VideoSettingsParams, VideoJson.Default.VideoContextResult, CancellationToken.None);
                    _videos.TryRemove(context.Id, out _);
                    context.Reopened(reopened);
                    _videos[context.Id] = context;
                }
                catch (Exception failure) when (failure is BridgeRequestException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
                {
                    context.OnEvent(VideoNames.ErrorEvent, JsonSerializer.SerializeToElement(
                        new VideoErrorEvent(context.Id, (int)((failure as BridgeRequestException)?.Code ?? ErrorCode.SessionClosed), $"Reopening the video context after the session moved failed: {failure.Message}", Fatal: true, EncoderStarts: 0),
                        VideoJson.Default.VideoErrorEvent));
                }
            }
            catch (BridgeRequestException)
            {
                // The server has the context and refused the keyframe for another reason: nothing to reopen.
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OperationCanceledException)
            {
                return; // the session ended meanwhile
            }
        }
    }

    /// <summary>The commit of <paramref name="transaction"/> is being sent: frames that name it measure edit-to-photon from now.</summary>
    internal void CommitSending(string transaction) => _commits.Sending(transaction);

    /// <summary>
    /// A Media frame: raise it, then acknowledge it, so a slow handler makes the server drop frames; with
    /// <see cref="BridgeClientOptions.ManualMediaAck"/> the application acknowledges it when it is drawn.
    /// </summary>
    private void DeliverMedia(FrameSender sender, FrameHeader header, ReadOnlySpan<byte> body)
    {
        var mediaId = header.RequestId;
        var ack = () => sender.EnqueueControl(Frames.Empty(MessageType.MediaAck, mediaId, 0));
        if (Frames.TrySplit(header.Flags, body, out var json, out var payload) && Frames.TryParse(json, VideoJson.Default.VideoFrameInfo, out var info))
        {
            var frame = new VideoFrame(info, payload.ToArray(), Stopwatch.GetTimestamp())
            {
                MediaId = mediaId,
                EditSentTimestamp = _commits.SentAt(info.Transaction),
            }.WithAcknowledge(ack);
            try
            {
                VideoFrameReceived?.Invoke(frame);
                if (_videos.TryGetValue(info.Context, out var context))
                {
                    context.OnFrame(frame);
                }
            }
            catch (Exception ex)
            {
                Trace.TraceError($"OrleansBridge: a video frame handler threw: {ex}");
            }

            if (_options.ManualMediaAck)
            {
                return;
            }

            frame.Acknowledge();
            return;
        }

        ack(); // Unreadable: nobody can draw it, so it holds nothing back.
    }

    /// <summary>Routes a <c>video.*</c> event to its context; it is still raised on <see cref="EventReceived"/> too.</summary>
    private void DeliverVideoEvent(string name, JsonElement data)
    {
        if (!name.StartsWith("video.", StringComparison.Ordinal) || data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("context", out var id)
            || id.ValueKind != JsonValueKind.String)
        {
            return;
        }

        BridgeVideoContext? video;
        lock (_earlyVideoEvents)
        {
            if (!_videos.TryGetValue(id.GetString()!, out video))
            {
                // Its video.create answer is still on the way: keep the event for the context (bounded).
                _earlyVideoEvents.Enqueue((id.GetString()!, name, data.Clone()));
                if (_earlyVideoEvents.Count > MaxEarlyVideoEvents)
                {
                    _earlyVideoEvents.Dequeue();
                }

                return;
            }
        }

        video.OnEvent(name, data);
    }
}
