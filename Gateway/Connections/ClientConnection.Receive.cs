using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Transport;

namespace OrleansBridge.Gateway.Connections;

/// <summary>The receive loop: every inbound frame is validated here, once, at the edge.</summary>
internal sealed partial class ClientConnection
{
    private async Task<ConnectionOutcome> ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var read = await _reader.ReadAsync(_socket, _stop.Token);
                var heard = _services.Time.GetTimestamp();
                Volatile.Write(ref _lastHeard, heard);
                if (Volatile.Read(ref _close) is { } closing)
                {
                    // Closing: wait for the peer's half of the close handshake, ignore everything else.
                    if (read == ReadOutcome.Closed)
                    {
                        return Closed(closing);
                    }

                    continue;
                }

                var outcome = read switch
                {
                    ReadOutcome.Closed => ConnectionOutcome.Dropped(ErrorCode.None, "the client closed the WebSocket without a Close message"),
                    ReadOutcome.Text => ConnectionOutcome.Protocol(ErrorCode.TextMessageNotAllowed),
                    ReadOutcome.TooLarge => ConnectionOutcome.Protocol(ErrorCode.MessageTooLarge,
                        $"A message exceeded maxMessageBytes ({_services.Application.Limits.MaxMessageBytes})."),
                    _ => await HandleFrameAsync(Counted(_reader.Message), heard),
                };
                if (outcome is { } ended)
                {
                    return ended;
                }
            }
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            if (Volatile.Read(ref _close) is { } closing)
            {
                return Closed(closing);
            }

            return _keepAliveExpired
                ? ConnectionOutcome.Dropped(ErrorCode.KeepAliveTimeout, "the client did not answer pings")
                : ConnectionOutcome.Dropped(ErrorCode.None, "the connection was lost");
        }
    }

    private ReadOnlyMemory<byte> Counted(ReadOnlyMemory<byte> message)
    {
        _services.Metrics.BytesReceived.Add(message.Length);
        return message;
    }

    private static ConnectionOutcome Closed(CloseRequest closing) =>
        closing.FromSession
            ? new ConnectionOutcome(OutcomeKind.ClosedBySession, closing.Code, closing.Reason)
            : ConnectionOutcome.Dropped(closing.Code, closing.Reason);

    private async ValueTask<ConnectionOutcome?> HandleFrameAsync(ReadOnlyMemory<byte> message, long receivedAt)
    {
        if (!FrameHeader.TryRead(message.Span, out var header, out var error))
        {
            return ConnectionOutcome.Protocol(error);
        }

        if (!_channel!.Outbox.Acknowledge(header.Ack))
        {
            return ConnectionOutcome.Protocol(ErrorCode.MalformedFrame, $"The frame acknowledges sequence {header.Ack}, which the server never sent.");
        }

        switch (header.Type)
        {
            case MessageType.Request:
                await _session!.ReceiveAsync(this, header, message[FrameHeader.Size..], receivedAt);
                _sender.OnDelivered();
                return null;
            case MessageType.Ping:
                if (!_controlRate.TryTake())
                {
                    return ConnectionOutcome.Protocol(ErrorCode.RateLimited, "Too many pings.");
                }

                _sender.EnqueueControl(Frames.Empty(MessageType.Pong, header.RequestId, 0));
                return null;
            case MessageType.Pong:
            case MessageType.Ack:
                return null;
            case MessageType.MediaAck:
                _channel.Media.Acknowledge(header.RequestId);
                return null;
            case MessageType.Close:
                return new ConnectionOutcome(OutcomeKind.ClosedByClient, ErrorCode.SessionClosed, "The client closed the session.");
            default:
                return ConnectionOutcome.Protocol(ErrorCode.UnexpectedMessage, $"A client may not send {header.Type} after the handshake.");
        }
    }
}
