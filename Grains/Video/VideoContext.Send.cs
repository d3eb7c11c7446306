using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Media;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Video;

namespace OrleansBridge.Video;

/// <summary>The send loop: pacing, dropping, encoding, side data, bitrate adaptation.</summary>
public sealed partial class VideoContext
{
    private IFrameEncoder? _encoder;
    private long _sent;
    private long _dropped;

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        LinearImage? front = null;
        FrameMeta frontMeta = default;
        long taken = 0;
        var lastSent = long.MinValue;
        var epoch = _output.ResetEpoch;
        var finalSent = false;
        var woken = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var settings = Settings;
            var interval = TimeSpan.FromSeconds(1 / settings.MaxFps);
            if (settings.Mode != VideoMode.Streaming)
            {
                await _ready.WaitAsync(cancellationToken); // Only final images are sent: they signal.
            }
            else if (!woken && lastSent != long.MinValue)
            {
                // Wake at the next tick, or at once for a preview or a final image.
                await _ready.WaitAsync(interval - _time.GetElapsedTime(lastSent), cancellationToken);
            }

            woken = false;
            if (TryTake(ref taken, ref front, out var meta))
            {
                frontMeta = meta;
                finalSent = false;
            }
            else if (front is null || finalSent || settings.Mode != VideoMode.Streaming || settings.Format != VideoFormat.H264)
            {
                // Nothing new. Images are not repeated; H.264 repeats the current picture (a tiny P-frame)
                // while the render refines, so the stream keeps its frame rate.
                if (settings.Mode == VideoMode.Streaming)
                {
                    woken = await _ready.WaitAsync(interval, cancellationToken);
                }

                continue;
            }

            if (front is null || (settings.Mode != VideoMode.Streaming && !frontMeta.Final))
            {
                continue;
            }

            if (_output.ResetEpoch != epoch)
            {
                epoch = _output.ResetEpoch; // A new connection or a new sink: the decoder needs a keyframe.
                RequestKeyframe();
            }

            if (!await _output.HasRoomAsync(settings.MaxPendingFrames))
            {
                // The client lags: this frame is dropped before encoding (H.264 references stay intact);
                // the next tick takes the newest image.
                Interlocked.Increment(ref _dropped);
                _metrics.VideoFramesDropped.Add(1);
                _bitrate.OnDropped();
                lastSent = NextTick(lastSent, interval);
                AdaptBitrate(settings);
                continue;
            }

            lastSent = NextTick(lastSent, interval);
            await SendAsync(front, frontMeta, settings, cancellationToken);
            finalSent = frontMeta.Final;
            AdaptBitrate(settings);
        }
    }

    /// <summary>
    /// The tick this frame belongs to: one interval after the previous tick, so that encoding time and
    /// wake-up latency do not stretch the period; a loop that fell more than a tick behind starts
    /// afresh from now instead of sending a burst to catch up.
    /// </summary>
    private long NextTick(long previous, TimeSpan interval)
    {
        var now = _time.GetTimestamp();
        if (previous == long.MinValue)
        {
            return now;
        }

        var next = previous + (long)(interval.TotalSeconds * _time.TimestampFrequency);
        return now - next > interval.TotalSeconds * _time.TimestampFrequency ? now : Math.Min(next, now);
    }

    private async Task SendAsync(LinearImage image, FrameMeta meta, VideoSettings settings, CancellationToken cancellationToken)
    {
        var encodeStart = _time.GetTimestamp();
        var encoder = await EncoderForAsync(image, settings);
        var outcome = await encoder.EncodeAsync(image, meta.ToneMapping, meta.ExposureStops, cancellationToken);
        var encodeEnd = _time.GetTimestamp();
        if (!outcome.Succeeded)
        {
            LogEncoderFailed(_sessionId, Id, outcome.Failure);
            await PushErrorAsync(ErrorCode.VideoEncoderFailed, $"The encoder failed and restarts with a keyframe: {outcome.Failure}", fatal: false);
            return;
        }

        var frame = outcome.Frame!;
        var number = Interlocked.Read(ref _sent) + 1;
        var info = new VideoFrameInfo(
            Id, number, VideoFormats.Name(encoder.Settings.Format), frame.Keyframe, image.Width, image.Height, meta.Spp,
            Math.Round(meta.RenderMs, 2), Math.Round(frame.EncodeTime.TotalMilliseconds, 2), frame.Data.Length, meta.Transaction,
            meta.Version, frame.BitrateKbps, Interlocked.Read(ref _dropped), meta.Preview, meta.Final, meta.PixelSize,
            Timeline(meta, encodeStart, encodeEnd));
        var message = Frames.Bulk(MessageType.Media, 0, info, VideoJson.Default.VideoFrameInfo, frame.Data);
        if (!await _output.SendAsync(message, meta.Transaction))
        {
            // Closed, a reset raced us, or the sink is gone: nothing to send it to. The client never got
            // this encoded frame, so the next one must not refer to it.
            RequestKeyframe();
            Interlocked.Increment(ref _dropped);
            _metrics.VideoFramesDropped.Add(1);
            return;
        }

        Interlocked.Increment(ref _sent);
        _metrics.RecordVideoFrame(info.Format, frame.EncodeTime);
        if (meta.Final)
        {
            var progress = new VideoProgressEvent(Id, number, meta.Spp, settings.Spp, true, number, Interlocked.Read(ref _dropped), meta.Transaction);
            await _session.PushEventAsync(VideoNames.ProgressEvent, JsonSerializer.SerializeToElement(progress, VideoJson.Default.VideoProgressEvent));
        }
    }

    /// <summary>
    /// The frame's timeline (docs/protocol.md §6.7): every stamp in milliseconds since the edit's receipt,
    /// rounded to 0.01 ms (rounding keeps the order); <c>sent</c> is a slot the sender fills in.
    /// </summary>
    private VideoFrameTimeline Timeline(FrameMeta meta, long encodeStart, long encodeEnd)
    {
        var stamps = meta.Stamps;
        double Ms(long at) => at == 0 ? 0 : Math.Round(Math.Max(0, _time.GetElapsedTime(stamps.Origin, at).TotalMilliseconds), 2);
        return new VideoFrameTimeline(Ms(stamps.Committed), Ms(stamps.Loaded), Ms(stamps.RenderStart), Ms(stamps.RenderEnd), meta.Spp,
            Ms(encodeStart), Ms(encodeEnd), MediaSentStamp.Placeholder);
    }

    private async ValueTask<IFrameEncoder> EncoderForAsync(LinearImage image, VideoSettings settings)
    {
        var encoder = _encoder;
        var format = settings.Format;
        if (encoder is not null && (encoder.Settings.Width != image.Width || encoder.Settings.Height != image.Height
            || encoder.Settings.Format != format || encoder.Settings.Quality != settings.Quality || Interlocked.Exchange(ref _resetRequested, 0) == 1))
        {
            // A new size or format is a new stream: a new encoder, which starts with a keyframe.
            Volatile.Write(ref _encoder, null);
            await encoder.DisposeAsync();
            encoder = null;
        }

        if (encoder is null)
        {
            encoder = FrameEncoders.Create(new EncoderSettings
            {
                Format = format,
                Width = image.Width,
                Height = image.Height,
                BitrateKbps = _bitrate.Current,
                Fps = (int)Math.Ceiling(settings.MaxFps),
                Quality = settings.Quality,
                UseNvenc = _nvenc,
            });
            Volatile.Write(ref _encoder, encoder);
            Volatile.Write(ref _keyframeRequested, 0);
        }
        else if (Interlocked.Exchange(ref _keyframeRequested, 0) == 1)
        {
            encoder.RequestKeyframe();
        }

        return encoder;
    }

    private void AdaptBitrate(VideoSettings settings)
    {
        if (settings.Format != VideoFormat.H264)
        {
            return;
        }

        if (_bitrate.Evaluate(_output.AcknowledgedBytes, _output.Pending, settings.MaxPendingFrames) is { } kbps)
        {
            LogBitrateChanged(_sessionId, Id, kbps, _bitrate.MeasuredKbps);
            _encoder?.SetBitrate(kbps);
        }
    }
}
