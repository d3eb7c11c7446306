using System.Buffers.Binary;

namespace OrleansBridge.Protocol.Reliability;

/// <summary>
/// The sequenced messages one side has sent and the peer has not yet acknowledged (docs/protocol.md §5.2).
/// Appending assigns the next sequence number; an ack releases everything up to it; a resumed
/// connection replays from the peer's last received sequence. Bounded in bytes and in count:
/// when a bound would be passed, <see cref="TryAppend"/> refuses and the owner closes the session,
/// because a peer that never acknowledges must not make the server hold memory without limit.
/// Thread-safe: one connection sends from it while the session appends and acks arrive.
/// </summary>
public sealed class Outbox
{
    private readonly Lock _gate = new();
    private readonly long _maxBytes;
    private readonly int _maxCount;
    private byte[]?[] _ring;
    private int _head;
    private int _count;
    private uint _acked;
    private long _bytes;
    private uint _released = uint.MaxValue;
    private uint _restoredEnd;
    private bool _peerMayBeAhead;
    private Action? _listener;

    /// <summary>Creates an empty outbox.</summary>
    /// <param name="maxBytes">Most unacknowledged bytes held.</param>
    /// <param name="maxCount">Most unacknowledged messages held.</param>
    public Outbox(long maxBytes, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        _maxBytes = maxBytes;
        _maxCount = maxCount;
        _ring = new byte[]?[Math.Min(16, maxCount)];
    }

    /// <summary>The sequence number of the newest appended message (0 before the first).</summary>
    public uint LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _acked + (uint)_count;
            }
        }
    }

    /// <summary>The highest sequence number the peer acknowledged.</summary>
    public uint Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return _acked;
            }
        }
    }

    /// <summary>Bytes held for the peer.</summary>
    public long PendingBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// Restores an outbox from a stored snapshot: <paramref name="acknowledged"/> and the frames after it,
    /// their sequence numbers already in their headers. Used when a session moves to another server.
    /// </summary>
    public static Outbox Restore(long maxBytes, int maxCount, uint acknowledged, IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var outbox = new Outbox(maxBytes, Math.Max(maxCount, frames.Count));
        outbox._acked = acknowledged;
        outbox._ring = new byte[]?[Math.Max(16, frames.Count)];
        for (var i = 0; i < frames.Count; i++)
        {
            outbox._ring[i] = frames[i];
            outbox._bytes += frames[i].Length;
        }

        outbox._count = frames.Count;
        outbox._restoredEnd = acknowledged + (uint)frames.Count;
        outbox._peerMayBeAhead = true;
        return outbox;
    }

    /// <summary>The highest sequence the sender may send; <see cref="uint.MaxValue"/> when sending is not held.</summary>
    public uint Released
    {
        get
        {
            lock (_gate)
            {
                return _released;
            }
        }
    }

    /// <summary>
    /// From now on send only what <see cref="Release"/> allows: write-ahead, so that nothing reaches the
    /// peer before it is stored where a successor server finds it.
    /// </summary>
    public void HoldUntilReleased()
    {
        lock (_gate)
        {
            Volatile.Write(ref _released, _acked + (uint)_count);
        }
    }

    /// <summary>Lets the sender send up to <paramref name="sequence"/> and wakes it.</summary>
    public void Release(uint sequence)
    {
        Action? listener;
        lock (_gate)
        {
            if (sequence <= _released && _released != uint.MaxValue)
            {
                return;
            }

            Volatile.Write(ref _released, sequence);
            listener = _listener;
        }

        listener?.Invoke();
    }

    /// <summary>
    /// Releases <paramref name="sequence"/> when everything before it is released: a message whose
    /// sending need not wait for storage (the answer to a request that changes nothing) goes out at once
    /// unless a message before it is still held.
    /// </summary>
    /// <returns>True when <paramref name="sequence"/> may be sent now.</returns>
    public bool ReleaseIfNext(uint sequence)
    {
        Action? listener;
        lock (_gate)
        {
            if (_released == uint.MaxValue || sequence <= _released)
            {
                return true;
            }

            if (sequence != _released + 1)
            {
                return false;
            }

            Volatile.Write(ref _released, sequence);
            listener = _listener;
        }

        listener?.Invoke();
        return true;
    }

    /// <summary>A consistent copy of what is held: the acknowledged floor and the frames after it.</summary>
    public (uint Acknowledged, byte[][] Frames) Snapshot()
    {
        lock (_gate)
        {
            var frames = new byte[_count][];
            for (var i = 0; i < _count; i++)
            {
                frames[i] = _ring[(_head + i) % _ring.Length]!;
            }

            return (_acked, frames);
        }
    }

    /// <summary>Like <see cref="TryGet"/>, but only a frame the sender may send now (see <see cref="HoldUntilReleased"/>).</summary>
    public bool TryGetReleased(uint sequence, out byte[] frame)
    {
        if (sequence > Volatile.Read(ref _released))
        {
            frame = [];
            return false;
        }

        return TryGet(sequence, out frame);
    }

    /// <summary>Sets the callback run after each append (the attached sender's wake-up), or clears it.</summary>
    public void SetListener(Action? listener)
    {
        lock (_gate)
        {
            _listener = listener;
        }
    }

    /// <summary>
    /// Clears the listener only if it is still <paramref name="listener"/>: a sender that stops after a
    /// resumed connection attached its own must not silence the new one.
    /// </summary>
    public void ClearListener(Action listener)
    {
        lock (_gate)
        {
            if (_listener == listener)
            {
                _listener = null;
            }
        }
    }

    /// <summary>
    /// Appends a built frame: writes the next sequence number into its header and keeps it until acknowledged.
    /// The array belongs to the outbox afterwards.
    /// </summary>
    /// <param name="frame">The frame; its header's sequence field is written.</param>
    /// <param name="sequence">The sequence number it got.</param>
    /// <param name="notifyOwner">False to skip <see cref="Appended"/>: the owner appends and acts itself.</param>
    /// <returns>False, with nothing appended, when a bound would be passed.</returns>
    public bool TryAppend(byte[] frame, out uint sequence, bool notifyOwner = true)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Action? listener;
        lock (_gate)
        {
            if (_count + 1 > _maxCount || _bytes + frame.Length > _maxBytes)
            {
                sequence = 0;
                return false;
            }

            sequence = _acked + (uint)_count + 1;
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), sequence);
            if (_count == _ring.Length)
            {
                Grow();
            }

            _ring[(_head + _count) % _ring.Length] = frame;
            _count++;
            _bytes += frame.Length;
            listener = _listener;
        }

        listener?.Invoke();
        if (notifyOwner)
        {
            Appended?.Invoke();
        }

        return true;
    }

    /// <summary>Called after every append, besides the sender's listener: the owner's write-ahead journal.</summary>
    public Action? Appended { get; set; }

    /// <summary>Releases every message up to and including <paramref name="ack"/>.</summary>
    /// <returns>False when the peer acknowledges a sequence never sent: a protocol violation.</returns>
    public bool Acknowledge(uint ack)
    {
        lock (_gate)
        {
            return AcknowledgeLocked(ack);
        }
    }

    private bool AcknowledgeLocked(uint ack)
    {
        if (ack > _acked + (uint)_count)
        {
            return false;
        }

        while (_acked < ack)
        {
            var frame = _ring[_head]!;
            _ring[_head] = null;
            _head = (_head + 1) % _ring.Length;
            _count--;
            _bytes -= frame.Length;
            _acked++;
        }

        return true;
    }

    // The bound keeps sequence arithmetic far from wrapping; a peer cannot have received more unstored messages than that.
    private bool PeerAheadOfStore(uint lastReceived) => _peerMayBeAhead && lastReceived > _restoredEnd && lastReceived - _restoredEnd < 1u << 30;

    /// <summary>
    /// True when a resuming peer's last received sequence is one this outbox can continue from. An
    /// outbox restored from storage also accepts a peer that is ahead of what was stored: it received
    /// messages that were sent before they were stored (<see cref="ReleaseIfNext"/>), which a successor
    /// never saw; see <see cref="ResumeFrom"/>.
    /// </summary>
    public bool CanResumeFrom(uint lastReceived)
    {
        lock (_gate)
        {
            return PeerAheadOfStore(lastReceived) || (lastReceived >= _acked && lastReceived <= _acked + (uint)_count);
        }
    }

    /// <summary>
    /// Continues from a resuming peer's last received sequence (checked by <see cref="CanResumeFrom"/>).
    /// Normally an acknowledgement. The first resume of an outbox restored from storage may name a
    /// sequence past what was stored: the peer received, past the stored end, only messages that were
    /// sent unstored, which nothing depends on. The stored messages count as received, and those
    /// appended since the restore are renumbered to follow the peer's position; they are held (not
    /// sent) until <see cref="Release"/>, because storage still holds them under their old numbers.
    /// </summary>
    /// <returns>True when messages were renumbered: store the outbox before anything is sent.</returns>
    public bool ResumeFrom(uint lastReceived)
    {
        lock (_gate)
        {
            var ahead = PeerAheadOfStore(lastReceived);
            _peerMayBeAhead = false;
            if (!ahead)
            {
                AcknowledgeLocked(lastReceived);
                return false;
            }

            AcknowledgeLocked(_restoredEnd);
            _acked = lastReceived;
            for (var i = 0; i < _count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(_ring[(_head + i) % _ring.Length].AsSpan(8), lastReceived + (uint)i + 1);
            }

            if (_released != uint.MaxValue)
            {
                Volatile.Write(ref _released, lastReceived);
            }

            return true;
        }
    }

    /// <summary>Gets the message with sequence number <paramref name="sequence"/> if it is still held.</summary>
    public bool TryGet(uint sequence, out byte[] frame)
    {
        lock (_gate)
        {
            if (sequence <= _acked || sequence > _acked + (uint)_count)
            {
                frame = [];
                return false;
            }

            frame = _ring[(_head + (int)(sequence - _acked - 1)) % _ring.Length]!;
            return true;
        }
    }

    private void Grow()
    {
        var next = new byte[]?[Math.Min(_ring.Length * 2, _maxCount)];
        for (var i = 0; i < _count; i++)
        {
            next[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = next;
        _head = 0;
    }
}
