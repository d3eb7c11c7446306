namespace OrleansBridge.Video;

/// <summary>
/// Chooses the H.264 bitrate between the context's minimum and maximum once per second from what the
/// client actually took: a second with dropped frames (the client lagged) or a full pending window
/// steps down to 70% of the bitrate or 90% of the measured throughput, whichever is lower; five clean
/// seconds in a row step up by 25%. Changes under 15% are ignored, because each change restarts the
/// encoder (a keyframe: ffmpeg cannot retune libx264 through the pipe).
/// </summary>
internal sealed class BitrateController
{
    private readonly TimeProvider _time;
    private long _windowStart;
    private long _ackedBytesAtStart;
    private int _drops;
    private int _healthy;

    public BitrateController(TimeProvider time, int targetKbps, int minKbps, int maxKbps)
    {
        _time = time;
        Current = targetKbps;
        Min = minKbps;
        Max = maxKbps;
        _windowStart = time.GetTimestamp();
    }

    public int Current { get; private set; }

    public int Min { get; private set; }

    public int Max { get; private set; }

    /// <summary>Throughput the client acknowledged over the last window, kbit/s.</summary>
    public double MeasuredKbps { get; private set; }

    public void OnDropped() => _drops++;

    /// <summary>New bounds (a <c>video.update</c>); the target restarts the adaptation.</summary>
    public void Configure(int targetKbps, int minKbps, int maxKbps)
    {
        Current = targetKbps;
        Min = minKbps;
        Max = maxKbps;
        _healthy = 0;
    }

    /// <summary>Once a second: the new bitrate when it should change, else null.</summary>
    public int? Evaluate(long ackedBytes, int pending, int maxPending)
    {
        var elapsed = _time.GetElapsedTime(_windowStart);
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            return null;
        }

        MeasuredKbps = (ackedBytes - _ackedBytesAtStart) * 8 / 1000.0 / elapsed.TotalSeconds;
        var lagging = _drops > 0 || pending >= maxPending;
        _windowStart = _time.GetTimestamp();
        _ackedBytesAtStart = ackedBytes;
        _drops = 0;
        int next;
        if (lagging)
        {
            _healthy = 0;
            next = (int)Math.Min(Current * 0.7, Math.Max(MeasuredKbps * 0.9, 1));
        }
        else if (++_healthy >= 5)
        {
            _healthy = 0;
            next = (int)(Current * 1.25);
        }
        else
        {
            return null;
        }

        next = Math.Clamp(next, Min, Max);
        if (Math.Abs(next - Current) < Current * 0.15)
        {
            return null;
        }

        Current = next;
        return next;
    }
}
