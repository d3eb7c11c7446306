using System.Buffers;
using System.Net.WebSockets;
using OrleansBridge.Protocol;

namespace OrleansBridge.Gateway.Connections;

/// <summary>
/// The send loop, the only writer on the socket after the handshake. Each frame is copied into
/// one pooled buffer and stamped with the current acknowledgement, because the outbox's copy may be
/// replayed later on another connection and must stay untouched.
/// </summary>
internal sealed partial class ClientConnection
{
    private static readonly byte[] AckTemplate = Frames.Empty(MessageType.Ack, 0, 0);
    private byte[] _sendBuffer = [];
    private uint _lastAckSent;

    private async Task SendLoopAsync()
    {
        var cursor = _replayFrom;
        var outbox = _channel!.Outbox;
        try
        {
            while (true)
            {
                if (Volatile.Read(ref _close) is { } close)
                {
                    await SendCloseAsync(close);
                    return;
                }

                while (_control.TryDequeue(out var control))
                {
                    await SendFrameAsync(control);
                }

                while (_control.IsEmpty && Volatile.Read(ref _close) is null)
                {
                    if (!outbox.TryGet(cursor + 1, out var frame))
                    {
                        // The client may acknowledge past this connection's cursor only by resuming
                        // elsewhere; never resend what is released.
                        var acknowledged = outbox.Acknowledged;
                        if (cursor < acknowledged)
                        {
                            cursor = acknowledged;
                            continue;
                        }

                        break;
                    }

                    await SendFrameAsync(frame);
                    cursor++;
                }

                if (Interlocked.Exchange(ref _ackDue, 0) == 1 && _channel.Inbound.LastDelivered != _lastAckSent)
                {
                    await SendFrameAsync(AckTemplate);
                }

                if (_control.IsEmpty && !outbox.TryGet(cursor + 1, out _))
                {
                    await _wake.Reader.ReadAsync(_stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The receive loop notices the same failure and reports it.
            await _stop.CancelAsync();
        }
    }

    private async Task SendCloseAsync(CloseRequest close)
    {
        var body = new Protocol.Messages.ErrorBody(close.Code, close.Reason);
        await SendFrameAsync(Frames.Json(MessageType.Close, FrameFlags.None, 0, body, ProtocolJson.Default.ErrorBody));
        var status = close.Code == ErrorCode.SessionClosed ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)close.Code;
        await _socket.CloseOutputAsync(status, close.Code.ToString(), _stop.Token);
    }

    private async ValueTask SendFrameAsync(byte[] frame)
    {
        if (_sendBuffer.Length < frame.Length)
        {
            ReturnSendBuffer();
            _sendBuffer = ArrayPool<byte>.Shared.Rent(frame.Length);
        }

        frame.CopyTo(_sendBuffer, 0);
        var ack = _channel?.Inbound.LastDelivered ?? 0;
        FrameHeader.PatchAck(_sendBuffer, ack);
        Volatile.Write(ref _lastAckSent, ack);
        await _socket.SendAsync(_sendBuffer.AsMemory(0, frame.Length), WebSocketMessageType.Binary, endOfMessage: true, _stop.Token);
    }

    private void ReturnSendBuffer()
    {
        var buffer = Interlocked.Exchange(ref _sendBuffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
