using System.Net.WebSockets;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Transport;

namespace OrleansBridge.Client;

public sealed partial class BridgeSession
{
    /// <summary>One WebSocket of the session, with its sender, reader and keep-alive.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly BridgeClientOptions _options;
        private ITimer? _keepAlive;
        private long _lastHeard;

        public Connection(ClientWebSocket socket, BridgeClientOptions options)
        {
            Socket = socket;
            _options = options;
            Sender = new FrameSender(socket, options.Time);
            Reader = new WebSocketMessageReader(options.MaxReceiveMessageBytes);
            _lastHeard = options.Time.GetTimestamp();
        }

        public ClientWebSocket Socket { get; }

        public FrameSender Sender { get; }

        public WebSocketMessageReader Reader { get; }

        public CancellationTokenSource Stop { get; } = new();

        public void Heard() => Volatile.Write(ref _lastHeard, _options.Time.GetTimestamp());

        public async Task<Welcome> ReadWelcomeAsync(CancellationToken cancellationToken)
        {
            var read = await Reader.ReadAsync(Socket, cancellationToken);
            if (read != ReadOutcome.Binary || !FrameHeader.TryRead(Reader.Message.Span, out var header, out _))
            {
                throw new WebSocketException("The server closed the connection or sent an unreadable frame during the handshake.");
            }

            var body = Reader.Message.Span[FrameHeader.Size..];
            if (header.Type == MessageType.Reject)
            {
                throw Frames.TryParse(body, ProtocolJson.Default.ErrorBody, out var reject)
                    ? new BridgeRejectedException(reject.Code, reject.Reason)
                    : new BridgeRejectedException(ErrorCode.MalformedBody, "The server rejected the handshake with an unreadable reason.");
            }

            if (header.Type != MessageType.Welcome || !Frames.TryParse(body, ProtocolJson.Default.Welcome, out var welcome))
            {
                throw new BridgeRejectedException(ErrorCode.UnexpectedMessage, $"Expected Welcome, got {header.Type}.");
            }

            return welcome;
        }

        /// <summary>Runs the sender and the receive loop until the connection ends.</summary>
        public async Task<SessionEnd?> RunAsync(BridgeSession session)
        {
            var limits = session.Limits!;
            var interval = TimeSpan.FromMilliseconds(limits.PingIntervalMs);
            var timeout = TimeSpan.FromMilliseconds(limits.PingTimeoutMs);
            _keepAlive = _options.Time.CreateTimer(_ => KeepAlive(interval, timeout), null, interval, interval);
            var sending = SendAsync();
            var end = await session.ReceiveLoopAsync(this);
            await Stop.CancelAsync();
            await sending;
            return end;
        }

        public void Abort()
        {
            Stop.Cancel();
            Socket.Abort();
        }

        public void Dispose()
        {
            _keepAlive?.Dispose();
            Stop.Cancel();
            Socket.Abort();
            Socket.Dispose();
            Sender.Dispose();
            Reader.Dispose();
            Stop.Dispose();
        }

        private async Task SendAsync()
        {
            try
            {
                await Sender.RunAsync(Stop.Token);
            }
            catch (Exception ex) when (TransportFailure.Is(ex))
            {
                // The receive loop sees the same failure.
            }
        }

        private void KeepAlive(TimeSpan interval, TimeSpan timeout)
        {
            var silence = _options.Time.GetElapsedTime(Volatile.Read(ref _lastHeard));
            if (silence >= timeout)
            {
                Socket.Abort(); // Silent server: treat as a drop and resume.
            }
            else if (silence >= interval)
            {
                Sender.EnqueueControl(Frames.Empty(MessageType.Ping, 0, 0));
            }
        }
    }
}
