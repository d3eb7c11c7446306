namespace OrleansBridge.Protocol.Media;

/// <summary>
/// The session's outgoing video frames (docs/protocol.md §6.7): unsequenced, kept apart from the
/// reliable outbox because a frame that arrives late is worthless and must never be replayed after a
/// resume. Each stream may have at most its <see cref="MediaStream.MaxPending"/> frames queued or sent
/// and not yet acknowledged by a MediaAck; a stream at its bound is refused and drops the frame
/// itself (newest wins at its next tick), so the queue never holds more than the sum of the streams'
/// bounds. Thread-safe: streams enqueue from their render loops, the connection's sender dequeues,
/// acknowledgements arrive on the receive loop.
/// </summary>
public sealed class MediaQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<(byte[] Frame, MediaSentStamp Sent)> _frames = new();
    private readonly Queue<(uint Id, MediaStream Stream, int Bytes)> _unacknowledged = new();
    private uint _lastId;
    private Action? _listener;

    /// <summary>The highest media id handed out.</summary>
    public uint LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>True when no frame waits to be sent.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _frames.Count == 0;
            }
        }
    }

    /// <summary>A stream with its own bound on pending frames.</summary>
    public MediaStream Open(int maxPending) => new(this, maxPending);

    /// <summary>
    /// Queues <paramref name="frame"/> (a Media frame whose header is patched here with the next media
    /// id) unless <paramref name="stream"/> already has its maximum pending. Returns the media id, or 0
    /// when refused. <paramref name="sent"/> is written into the frame when it is taken to be sent.
    /// </summary>
    public uint TryEnqueue(MediaStream stream, byte[] frame, MediaSentStamp sent = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(frame);
        Action? listener;
        uint id;
        lock (_gate)
        {
            if (stream.Closed || stream.PendingUnsafe >= stream.MaxPending)
            {
                return 0;
            }

            id = ++_lastId;
            FrameHeader.PatchRequestId(frame, id);
            stream.PendingUnsafe++;
            _unacknowledged.Enqueue((id, stream, frame.Length));
            _frames.Enqueue((frame, sent));
            listener = _listener;
        }

        listener?.Invoke();
        return id;
    }

    /// <summary>The next frame to send, if any, its sent time written into its side data (<see cref="MediaSentStamp"/>).</summary>
    public bool TryDequeue(out byte[] frame)
    {
        (byte[] Frame, MediaSentStamp Sent) next;
        lock (_gate)
        {
            if (!_frames.TryDequeue(out next))
            {
                frame = [];
                return false;
            }
        }

        next.Sent.Write();
        frame = next.Frame;
        return true;
    }

    /// <summary>
    /// The client consumed every media frame up to <paramref name="id"/>: release them. An id above the
    /// highest sent is clamped (it can only be a client's mistake, and costs nothing here).
    /// </summary>
    public void Acknowledge(uint id)
    {
        lock (_gate)
        {
            while (_unacknowledged.TryPeek(out var head) && head.Id <= id)
            {
                _unacknowledged.Dequeue();
                head.Stream.PendingUnsafe--;
                head.Stream.AcknowledgedUnsafe++;
                head.Stream.AcknowledgedBytesUnsafe += head.Bytes;
            }
        }
    }

    /// <summary>
    /// A new connection took over: frames queued for the old one are dropped and everything pending is
    /// released, and every stream is told to start again with a keyframe (the client's decoder lost
    /// whatever it missed).
    /// </summary>
    public void Reset()
    {
        lock (_gate)
        {
            _frames.Clear();
            while (_unacknowledged.TryDequeue(out var entry))
            {
                entry.Stream.PendingUnsafe--;
                entry.Stream.Epoch++;
            }
        }
    }

    /// <summary>Wakes <paramref name="listener"/> whenever a frame is queued (the connection's sender).</summary>
    public void SetListener(Action listener)
    {
        lock (_gate)
        {
            _listener = listener;
        }
    }

    /// <summary>Removes the listener if it is still <paramref name="listener"/>.</summary>
    public void ClearListener(Action listener)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_listener, listener))
            {
                _listener = null;
            }
        }
    }

    /// <summary>Closes a stream: it can queue no more; its frames already queued still go.</summary>
    internal void Close(MediaStream stream)
    {
        lock (_gate)
        {
            stream.Closed = true;
        }
    }

    internal Lock Gate => _gate;
}
