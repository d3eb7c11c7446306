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
    private readonly ConcurrentDictionary<string, BridgeVideoContext> _videos = new(StringComparer.Ordinal);

    /// <summary>Raised for every Media frame of every context, before the context's own event.</summary>
    public event Action<VideoFrame>? VideoFrameReceived;

    /// <summary>
    /// Creates a video context. Frames may arrive before this returns; they are routed to the context
    /// as soon as it exists and are raised on <see cref="VideoFrameReceived"/> in any case.
    /// </summary>
    public async Task<BridgeVideoContext> CreateVideoContextAsync(VideoSettingsParams settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = await VideoRequestAsync(VideoNames.Create, settings, VideoJson.Default.VideoSettingsParams, VideoJson.Default.VideoContextResult, cancellationToken);
        var context = new BridgeVideoContext(this, result);
        _videos[context.Id] = context;
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

    /// <summary>A Media frame: raise it, then acknowledge it, so a slow handler makes the server drop frames.</summary>
    private void DeliverMedia(FrameSender sender, FrameHeader header, ReadOnlySpan<byte> body)
    {
        if (Frames.TrySplit(header.Flags, body, out var json, out var payload) && Frames.TryParse(json, VideoJson.Default.VideoFrameInfo, out var info))
        {
            var frame = new VideoFrame(info, payload.ToArray(), Stopwatch.GetTimestamp());
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
        }

        sender.EnqueueControl(Frames.Empty(MessageType.MediaAck, header.RequestId, 0));
    }

    /// <summary>Routes a <c>video.*</c> event to its context; it is still raised on <see cref="EventReceived"/> too.</summary>
    private void DeliverVideoEvent(string name, JsonElement data)
    {
        if (name.StartsWith("video.", StringComparison.Ordinal) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("context", out var id)
            && id.ValueKind == JsonValueKind.String && _videos.TryGetValue(id.GetString()!, out var video))
        {
            video.OnEvent(name, data);
        }
    }
}
