namespace OrleansBridge.Protocol.Reliability;

/// <summary>
/// A token bucket holding one second of burst: sustained <c>rate</c> messages per second.
/// Reads time from a <see cref="TimeProvider"/> so tests drive it; allocates nothing.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _rate;
    private double _tokens;
    private long _stamp;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(int ratePerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        _time = time;
        _rate = ratePerSecond;
        _tokens = ratePerSecond;
        _stamp = time.GetTimestamp();
    }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_rate, _tokens + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _rate));
        _stamp = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
