using System.Diagnostics;
using OrleansBridge.Client;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// Counts what <c>bridge stream</c> receives and times camera edits: edit-to-photon is from just before
/// a camera transaction is sent to the first frame that names it (a frame may arrive before the
/// commit's answer, so both orders are matched).
/// </summary>
internal sealed class StreamRecorder(FrameSink sink)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _sentAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _firstFrameAt = new(StringComparer.Ordinal);
    private readonly List<double> _latencies = [];
    private readonly List<StreamFrameTimeline> _timelines = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _frames;
    private long _bytes;
    private long _firstAt;
    private long _lastAt;
    private long _dropped;
    private int _edits;

    public void OnFrame(VideoFrame frame)
    {
        sink.Write(frame);
        lock (_gate)
        {
            _frames++;
            _bytes += frame.Data.Length;
            _firstAt = _frames == 1 ? frame.ReceivedTimestamp : _firstAt;
            _lastAt = frame.ReceivedTimestamp;
            _dropped = frame.Info.Dropped;
            _timelines.Add(new StreamFrameTimeline(frame.Info.Frame, frame.Info.Transaction, frame.Info.Spp, frame.Info.PixelSize, frame.Info.Preview,
                Rounded(frame.EditToPhoton), Rounded(frame.Transit), frame.Timeline));
            if (frame.Info.Transaction is { } transaction)
            {
                if (_sentAt.Remove(transaction, out var sent))
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(sent, frame.ReceivedTimestamp).TotalMilliseconds);
                }
                else
                {
                    _firstFrameAt.TryAdd(transaction, frame.ReceivedTimestamp);
                }
            }
        }

        _first.TrySetResult();
    }

    public async Task RunAsync(BridgeSession session, OrbitCamera camera, TimeSpan duration, bool orbit, CancellationToken cancellationToken)
    {
        await _first.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        var start = Stopwatch.GetTimestamp();
        if (!orbit)
        {
            await Task.Delay(duration, cancellationToken);
            return;
        }

        // At most ten camera edits a second, one turn over the whole stream.
        var interval = TimeSpan.FromMilliseconds(100);
        while (Stopwatch.GetElapsedTime(start) is var elapsed && elapsed < duration)
        {
            var sent = Stopwatch.GetTimestamp();
            var commit = await camera.MoveAsync(session, (float)(2 * Math.PI * elapsed / duration), cancellationToken);
            lock (_gate)
            {
                _edits++;
                if (_firstFrameAt.Remove(commit.Transaction, out var arrived))
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
                else
                {
                    _sentAt[commit.Transaction] = sent;
                }
            }

            var rest = interval - Stopwatch.GetElapsedTime(sent);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }
    }

    public StreamOutput Summary(string encoder, string? outPath)
    {
        lock (_gate)
        {
            var seconds = _frames > 1 ? Stopwatch.GetElapsedTime(_firstAt, _lastAt).TotalSeconds : 0;
            var sorted = _latencies.Order().ToArray();
            double? Percentile(double p) => sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
            return new StreamOutput(_frames, Math.Round(seconds, 3), seconds > 0 ? Math.Round((_frames - 1) / seconds, 2) : 0,
                seconds > 0 ? Math.Round(_bytes * 8 / 1000.0 / seconds, 1) : 0, _bytes, _dropped, _edits, Percentile(0.5), Percentile(0.99), encoder, outPath,
                [.. _timelines]);
        }
    }

    private static double? Rounded(TimeSpan? span) => span is { } value ? Math.Round(value.TotalMilliseconds, 2) : null;
}
