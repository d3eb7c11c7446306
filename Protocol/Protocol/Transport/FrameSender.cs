using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Protocol.Transport;

/// <summary>
/// The only writer on a socket once the handshake is done, used by the gateway and the client SDK
/// alike (docs/protocol.md §5). It sends control frames first (pongs must not wait behind bulk), then
/// the outbox from this connection's cursor, stamping every frame with the current acknowledgement.
/// The stamp goes into a copy of the frame's first <see cref="HeadBytes"/>, because the outbox's frame
/// may be replayed later on another connection and must stay untouched; a longer frame's rest is sent
/// straight from the frame in WebSocket fragments of <see cref="FragmentBytes"/>, so neither this
/// sender nor the WebSocket under it holds a buffer the size of the largest message ever sent
/// (RFC 6455 §5.4: a fragmented message is the same message to the receiver). A standalone Ack goes out when
/// <see cref="AckEvery"/> deliveries are unacknowledged or <see cref="AckDelay"/> passed with nothing
/// outbound to carry the acknowledgement.
/// </summary>
public sealed class FrameSender : IDisposable
{
    /// <summary>Wait before a standalone Ack (<see cref="ProtocolConstants.AckDelay"/>).</summary>
    public static readonly TimeSpan AckDelay = ProtocolConstants.AckDelay;

    /// <summary>Unacknowledged deliveries that trigger a standalone Ack at once (<see cref="ProtocolConstants.AckEvery"/>).</summary>
    public const uint AckEvery = ProtocolConstants.AckEvery;

    /// <summary>The part of each frame copied to stamp its ack: the header and, for most frames, all of it.</summary>
    public const int HeadBytes = 4096;

    /// <summary>The largest WebSocket fragment the rest of a long frame is sent in.</summary>
    public const int FragmentBytes = 64 << 10;

    private static readonly byte[] AckTemplate = Frames.Empty(MessageType.Ack, 0, 0);
    private readonly WebSocket _socket;
    private readonly ConcurrentQueue<byte[]> _control = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ITimer _ackTimer;
    private Outbox? _outbox;
    private Media.MediaQueue? _media;
    private InboundSequence? _inbound;
    private uint _cursor;
    private byte[] _head = WebSocketMessageReader.Pool.Rent(HeadBytes);
    private uint _lastAckSent;
    private int _ackDue;
    private int _ackArmed;
    private CloseFrame? _close;

    // One delegate instance, so the outbox can tell this sender's listener from a newer one.
    private readonly Action _wakeAction;

    /// <summary>Creates a sender for <paramref name="socket"/>.</summary>
    public FrameSender(WebSocket socket, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(time);
        _socket = socket;
        _wakeAction = Wake;
        _ackTimer = time.CreateTimer(static s => ((FrameSender)s!).OnAckTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called with the length of every message written (metrics); null for none.</summary>
    public Action<int>? Sent { get; set; }

    /// <summary>The close this sender was asked to carry out, if any.</summary>
    public CloseFrame? PendingClose => Volatile.Read(ref _close);

    /// <summary>Binds the reliable channel: send the outbox after <paramref name="replayFrom"/>, acknowledge <paramref name="inbound"/>.</summary>
    public void Attach(Outbox outbox, InboundSequence inbound, uint replayFrom)
    {
        _outbox = outbox;
        _inbound = inbound;
        _cursor = replayFrom;
        outbox.SetListener(_wakeAction);
    }

    /// <summary>
    /// Also sends <paramref name="media"/>'s video frames, after control frames and the outbox (a response
    /// or an event is small and must not wait behind a frame). Frames queued for an earlier connection
    /// are dropped (<see cref="Media.MediaQueue.Reset"/>): they are stale, and never replayed.
    /// </summary>
    public void AttachMedia(Media.MediaQueue media)
    {
        ArgumentNullException.ThrowIfNull(media);
        media.Reset();
        _media = media;
        media.SetListener(_wakeAction);
    }

    /// <summary>Sends one frame at once; only before <see cref="RunAsync"/> starts (handshake frames).</summary>
    public ValueTask SendNowAsync(byte[] frame, CancellationToken cancellationToken) => WriteAsync(frame, cancellationToken);

    /// <summary>Queues an unsequenced frame (Ping, Pong) ahead of the outbox.</summary>
    public void EnqueueControl(byte[] frame)
    {
        _control.Enqueue(frame);
        Wake();
    }

    /// <summary>Notes one delivered inbound message, so its acknowledgement goes out soon.</summary>
    public void OnDelivered()
    {
        if (_inbound!.LastDelivered - Volatile.Read(ref _lastAckSent) >= AckEvery)
        {
            Volatile.Write(ref _ackDue, 1);
            Wake();
        }
        else if (Interlocked.Exchange(ref _ackArmed, 1) == 0)
        {
            _ackTimer.Change(AckDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Asks the loop to send a Close frame and close the WebSocket; the first request wins.</summary>
    public bool RequestClose(CloseFrame close)
    {
        if (Interlocked.CompareExchange(ref _close, close, null) is not null)
        {
            return false;
        }

        Wake();
        return true;
    }

    /// <summary>Sends until the close is carried out, the socket fails, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var outbox = _outbox ?? throw new InvalidOperationException("Attach the channel before running the sender.");
        try
        {
            while (true)
            {
                if (Volatile.Read(ref _close) is { } close)
                {
                    while (close.FlushOutbox && NextFrame(outbox) is { } last)
                    {
                        await WriteAsync(last, cancellationToken);
                        _cursor++;
                    }

                    await WriteAsync(Frames.Json(MessageType.Close, FrameFlags.None, 0, new ErrorBody(close.Code, close.Reason), ProtocolJson.Default.ErrorBody), cancellationToken);
                    await _socket.CloseOutputAsync(close.Status, close.Code.ToString(), cancellationToken);
                    return;
                }

                while (_control.TryDequeue(out var control))
                {
                    await WriteAsync(control, cancellationToken);
                }

                while (_control.IsEmpty && Volatile.Read(ref _close) is null && NextFrame(outbox) is { } frame)
                {
                    await WriteAsync(frame, cancellationToken);
                    _cursor++;
                }

                // One video frame per round, so control frames and new outbox messages get in between.
                if (_control.IsEmpty && Volatile.Read(ref _close) is null && _media is { } media && media.TryDequeue(out var video))
                {
                    await WriteAsync(video, cancellationToken);
                    continue;
                }

                if (Interlocked.Exchange(ref _ackDue, 0) == 1 && _inbound!.Acknowledgeable != Volatile.Read(ref _lastAckSent))
                {
                    await WriteAsync(AckTemplate, cancellationToken);
                }

                if (_control.IsEmpty && Volatile.Read(ref _close) is null && !outbox.TryGetReleased(_cursor + 1, out _) && (_media?.IsEmpty ?? true))
                {
                    await _wake.Reader.ReadAsync(cancellationToken);
                }
            }
        }
        finally
        {
            outbox.ClearListener(_wakeAction);
            _media?.ClearListener(_wakeAction);
        }
    }

    /// <summary>Stops the timer and returns the buffer.</summary>
    public void Dispose()
    {
        _ackTimer.Dispose();
        var buffer = Interlocked.Exchange(ref _head, []);
        if (buffer.Length > 0)
        {
            WebSocketMessageReader.Pool.Return(buffer);
        }
    }

    private byte[]? NextFrame(Outbox outbox)
    {
        if (outbox.TryGetReleased(_cursor + 1, out var frame))
        {
            return frame;
        }

        // A cursor behind the acknowledged floor means the peer already has those: never resend released frames.
        var acknowledged = outbox.Acknowledged;
        if (_cursor >= acknowledged)
        {
            return null;
        }

        _cursor = acknowledged;
        return outbox.TryGetReleased(_cursor + 1, out frame) ? frame : null;
    }

    private async ValueTask WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var head = Math.Min(frame.Length, HeadBytes);
        frame.AsSpan(0, head).CopyTo(_head);
        var ack = _inbound?.Acknowledgeable ?? 0;
        FrameHeader.PatchAck(_head, ack);
        Volatile.Write(ref _lastAckSent, ack);
        await _socket.SendAsync(_head.AsMemory(0, head), WebSocketMessageType.Binary, endOfMessage: head == frame.Length, cancellationToken);
        for (var offset = head; offset < frame.Length; offset += FragmentBytes)
        {
            var length = Math.Min(FragmentBytes, frame.Length - offset);
            await _socket.SendAsync(frame.AsMemory(offset, length), WebSocketMessageType.Binary, endOfMessage: offset + length == frame.Length, cancellationToken);
        }

        Sent?.Invoke(frame.Length);
    }

    private void OnAckTimer()
    {
        Volatile.Write(ref _ackArmed, 0);
        Volatile.Write(ref _ackDue, 1);
        Wake();
    }

    private void Wake() => _wake.Writer.TryWrite(true);
}

/// <summary>A Close frame to send: the protocol code and reason, and the WebSocket close status to end with.</summary>
/// <param name="Code">The protocol code in the Close frame.</param>
/// <param name="Reason">Why, for people.</param>
/// <param name="Status">The WebSocket close status that follows.</param>
/// <param name="FlushOutbox">
/// Send what the outbox holds before the Close (an orderly end: the answer to <c>session.close</c>
/// must arrive). False where another connection takes over or the peer cannot keep up.
/// </param>
public sealed record CloseFrame(ErrorCode Code, string Reason, WebSocketCloseStatus Status, bool FlushOutbox = false);
