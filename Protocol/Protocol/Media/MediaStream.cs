namespace OrleansBridge.Protocol.Media;

/// <summary>One video context's share of the <see cref="MediaQueue"/>: its pending bound and counters.</summary>
public sealed class MediaStream : IDisposable
{
    private readonly MediaQueue _queue;

    internal MediaStream(MediaQueue queue, int maxPending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        _queue = queue;
        MaxPending = maxPending;
    }

    /// <summary>Most frames queued or sent and not yet acknowledged.</summary>
    public int MaxPending { get; private set; }

    /// <summary>Frames queued or sent and not yet acknowledged.</summary>
    public int Pending
    {
        get
        {
            lock (_queue.Gate)
            {
                return PendingUnsafe;
            }
        }
    }

    /// <summary>Frames the client acknowledged so far.</summary>
    public long Acknowledged
    {
        get
        {
            lock (_queue.Gate)
            {
                return AcknowledgedUnsafe;
            }
        }
    }

    /// <summary>Bytes of the frames the client acknowledged so far (headers included).</summary>
    public long AcknowledgedBytes
    {
        get
        {
            lock (_queue.Gate)
            {
                return AcknowledgedBytesUnsafe;
            }
        }
    }

    /// <summary>Changes when a new connection dropped this stream's pending frames: start again with a keyframe.</summary>
    public int ResetEpoch
    {
        get
        {
            lock (_queue.Gate)
            {
                return Epoch;
            }
        }
    }

    internal int PendingUnsafe { get; set; }

    internal long AcknowledgedUnsafe { get; set; }

    internal long AcknowledgedBytesUnsafe { get; set; }

    internal int Epoch { get; set; }

    internal bool Closed { get; set; }

    /// <summary>Changes the bound (a <c>video.update</c>).</summary>
    public void SetMaxPending(int maxPending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        lock (_queue.Gate)
        {
            MaxPending = maxPending;
        }
    }

    /// <summary>Queues a Media frame; the media id, or 0 when the stream has its maximum pending. <paramref name="sent"/> is written when it is sent.</summary>
    public uint TryEnqueue(byte[] frame, MediaSentStamp sent = default) => _queue.TryEnqueue(this, frame, sent);

    /// <summary>Closes the stream.</summary>
    public void Dispose() => _queue.Close(this);
}
