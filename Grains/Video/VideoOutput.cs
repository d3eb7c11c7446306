namespace OrleansBridge.Video;

/// <summary>
/// A video context's way to its client, seen from the silo that renders it: the session's
/// <see cref="IVideoSink"/> and the flow-control state its last answer gave. Only this context sends
/// on its stream, so the last known count of pending frames is an upper bound (acknowledgements only
/// lower it): a frame is encoded only when that bound leaves room, or when a fresh look
/// (<see cref="IVideoSink.StateAsync"/>, once per tick while the client lags) does. A frame is thus
/// never refused after it was encoded, and H.264 references never break. With no sink (the session
/// is moving to another silo) every frame is dropped before encoding until one attaches.
/// </summary>
internal sealed class VideoOutput
{
    private readonly string _context;
    private readonly Lock _gate = new();
    private IVideoSink? _sink;
    private long _generation;
    private VideoSinkState _state;
    private bool _known;
    private int _epoch;

    public VideoOutput(string context, IVideoSink sink, long generation)
    {
        _context = context;
        _sink = sink;
        _generation = generation;
    }

    /// <summary>Frames sent and not yet acknowledged, as last reported (an upper bound).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _known ? _state.Pending : 0;
            }
        }
    }

    /// <summary>Changes when the client's decoder needs a keyframe: a new connection, or a new sink.</summary>
    public int ResetEpoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Bytes the client acknowledged so far, as last reported.</summary>
    public long AcknowledgedBytes
    {
        get
        {
            lock (_gate)
            {
                return _state.AcknowledgedBytes;
            }
        }
    }

    /// <summary>False once the sink said this context (in this generation) is closed there.</summary>
    public bool Open { get; private set; } = true;

    /// <summary>The opening this output serves.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>Frames go to <paramref name="sink"/> from now on (or nowhere, null); the next one is a keyframe.</summary>
    public void Attach(IVideoSink? sink, long generation)
    {
        lock (_gate)
        {
            _sink = sink;
            _generation = generation;
            _known = false;
            _epoch++;
            Open = true;
        }
    }

    /// <summary>The sink it sends to, if any.</summary>
    public IVideoSink? Sink
    {
        get
        {
            lock (_gate)
            {
                return _sink;
            }
        }
    }

    /// <summary>True when a frame may be encoded now: the client has room for it.</summary>
    public async ValueTask<bool> HasRoomAsync(int maxPending)
    {
        IVideoSink? sink;
        long generation;
        lock (_gate)
        {
            if (_sink is null)
            {
                return false;
            }

            if (_known && _state.Pending < Math.Min(maxPending, _state.MaxPending))
            {
                return true;
            }

            sink = _sink;
            generation = _generation;
        }

        try
        {
            Observe(sink, generation, await sink.StateAsync(_context, generation));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Lost(sink);
            return false;
        }

        lock (_gate)
        {
            return _known && Open && _state.Pending < Math.Min(maxPending, _state.MaxPending);
        }
    }

    /// <summary>Sends one frame; false when it was not queued (no sink, refused, or the sink is gone).</summary>
    public async ValueTask<bool> SendAsync(byte[] frame, string? transaction)
    {
        IVideoSink? sink;
        long generation;
        lock (_gate)
        {
            sink = _sink;
            generation = _generation;
        }

        if (sink is null)
        {
            return false;
        }

        try
        {
            var state = await sink.DeliverAsync(_context, generation, frame, transaction);
            Observe(sink, generation, state);
            return state.Accepted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Lost(sink);
            return false;
        }
    }

    private void Observe(IVideoSink sink, long generation, VideoSinkState state)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(sink, _sink) || generation != _generation)
            {
                return; // answered for a sink or an opening that is no longer ours
            }

            if (_known && state.Epoch != _state.Epoch)
            {
                _epoch++; // a new connection dropped what was pending: its decoder needs a keyframe
            }

            _state = state;
            _known = true;
            Open = state.Open;
        }
    }

    /// <summary>The sink's silo is gone or unreachable: drop frames until a new sink attaches (or the lease ends).</summary>
    private void Lost(IVideoSink sink)
    {
        lock (_gate)
        {
            if (ReferenceEquals(sink, _sink))
            {
                _sink = null;
                _known = false;
            }
        }
    }
}
