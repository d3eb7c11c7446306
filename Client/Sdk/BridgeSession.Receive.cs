using System.Diagnostics;
using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Protocol.Transport;

namespace OrleansBridge.Client;

/// <summary>Inbound frames: responses, events, keep-alive, and the server's Close.</summary>
public sealed partial class BridgeSession
{
    /// <summary>Reads frames until the connection drops (null) or the session ends (its end).</summary>
    private async Task<SessionEnd?> ReceiveLoopAsync(Connection connection)
    {
        try
        {
            while (true)
            {
                var read = await connection.Reader.ReadAsync(connection.Socket, connection.Stop.Token);
                connection.Heard();
                switch (read)
                {
                    case Protocol.Transport.ReadOutcome.Closed:
                        return Volatile.Read(ref _closeRequested) == 1 ? new SessionEnd(ErrorCode.SessionClosed, "Closed.") : null;
                    case Protocol.Transport.ReadOutcome.Binary:
                        if (HandleFrame(connection, connection.Reader.Message) is { } end)
                        {
                            return end;
                        }

                        break;
                    default:
                        return new SessionEnd(ErrorCode.MalformedFrame, "The server sent a message this client cannot read.");
                }
            }
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            return _lifetime.IsCancellationRequested ? new SessionEnd(ErrorCode.SessionClosed, "Closed.") : null;
        }
    }

    private SessionEnd? HandleFrame(Connection connection, ReadOnlyMemory<byte> message)
    {
        if (!FrameHeader.TryRead(message.Span, out var header, out var error) || !_outbox.Acknowledge(header.Ack))
        {
            return new SessionEnd(error == ErrorCode.None ? ErrorCode.MalformedFrame : error, "The server sent a malformed frame.");
        }

        var body = message.Span[FrameHeader.Size..];
        switch (header.Type)
        {
            case MessageType.Response:
            case MessageType.Event:
                var arrival = _inbound.Accept(header.Sequence);
                if (arrival == Arrival.Gap)
                {
                    return new SessionEnd(ErrorCode.SequenceGap, "The server skipped a sequence number.");
                }

                if (arrival == Arrival.Deliver)
                {
                    Deliver(header, body);
                    connection.Sender.OnDelivered();
                }

                return null;
            case MessageType.Media:
                DeliverMedia(connection.Sender, header, body);
                return null;
            case MessageType.Ping:
                connection.Sender.EnqueueControl(Frames.Empty(MessageType.Pong, header.RequestId, 0));
                return null;
            case MessageType.Close:
                if (!Frames.TryParse(body, ProtocolJson.Default.ErrorBody, out var close))
                {
                    return new SessionEnd(ErrorCode.SessionClosed, "The server closed the session.");
                }

                // A server that stops (drain, redeploy) keeps the session PENDING, and a server that no longer
                // owns the session (4306) hands it on: resume, elsewhere if need be.
                return close.Code is ErrorCode.ServerShuttingDown or ErrorCode.SessionMoved ? null : new SessionEnd(close.Code, close.Reason);
            default:
                return null; // Pong and Ack carry nothing beyond the header.
        }
    }

    private void Deliver(FrameHeader header, ReadOnlySpan<byte> body)
    {
        if (header.Type == MessageType.Response)
        {
            var response = (header.Flags & FrameFlags.Error) != 0
                ? Frames.TryParse(body, ProtocolJson.Default.ErrorBody, out var error)
                    ? new BridgeResponse(error.Code, error.Reason, default, error.Details)
                    : new BridgeResponse(ErrorCode.MalformedBody, "The server's error response did not parse.", default)
                : Frames.TryParse(body, ProtocolJson.Default.ResponseEnvelope, out var ok)
                    ? new BridgeResponse(ErrorCode.None, null, ok.Result)
                    : new BridgeResponse(ErrorCode.MalformedBody, "The server's response did not parse.", default);
            Complete(header.RequestId, response);
            return;
        }

        if (!Frames.TryParse(body, ProtocolJson.Default.EventEnvelope, out var envelope))
        {
            return;
        }

        try
        {
            switch (envelope.Event)
            {
                case EventNames.SessionState when envelope.Data.Deserialize(ProtocolJson.Default.SessionStateEvent) is { } state:
                    ServerStateChanged?.Invoke(state);
                    break;
                case EventNames.Log when envelope.Data.Deserialize(ProtocolJson.Default.LogEvent) is { } log:
                    LogReceived?.Invoke(log);
                    break;
                default:
                    DeliverVideoEvent(envelope.Event, envelope.Data);
                    EventReceived?.Invoke(envelope.Event, envelope.Data);
                    break;
            }
        }
        catch (Exception ex)
        {
            // An application's event handler must not take the connection down with it.
            Trace.TraceError($"OrleansBridge: an event handler threw: {ex}");
        }
    }
}
