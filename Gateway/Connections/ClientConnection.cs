using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OrleansBridge.Admission;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Protocol.Transport;
using OrleansBridge.Sessions;

namespace OrleansBridge.Gateway.Connections;

/// <summary>
/// One client WebSocket. It runs the handshake, then two loops: receiving (parse, acknowledge,
/// forward requests to the session grain) and sending (a <see cref="FrameSender"/> over the session's
/// outbox). The session, not the connection, owns what must survive a drop.
/// Partials: <c>.Handshake</c>, <c>.Receive</c>, <c>.Log</c>.
/// </summary>
internal sealed partial class ClientConnection : ISessionLink, IDisposable
{
    private readonly WebSocket _socket;
    private readonly ConnectionServices _services;
    private readonly TokenCheck? _preChecked;
    private readonly ILogger _logger;
    private readonly WebSocketMessageReader _reader;
    private readonly FrameSender _sender;
    private readonly CancellationTokenSource _stop;
    private readonly TokenBucket _controlRate;
    private readonly ITimer _keepAlive;
    private SessionChannel? _channel;
    private ISessionGrain? _session;
    private CloseRequest? _close;
    private long _lastHeard;
    private uint _replayFrom;
    private volatile bool _keepAliveExpired;

    public ClientConnection(WebSocket socket, ConnectionServices services, TokenCheck? preChecked, ILogger logger, CancellationToken aborted)
    {
        _socket = socket;
        _services = services;
        _preChecked = preChecked;
        _logger = logger;
        _reader = new WebSocketMessageReader(services.Application.Limits.MaxMessageBytes);
        _sender = new FrameSender(socket, services.Time);
        _sender.Sent = bytes => services.Metrics.BytesSent.Add(bytes);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _controlRate = new TokenBucket(services.Application.Limits.MaxMessagesPerSecond, services.Time);
        _lastHeard = services.Time.GetTimestamp();
        ConnectionId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var ping = services.Application.Limits.PingInterval;
        _keepAlive = services.Time.CreateTimer(static s => ((ClientConnection)s!).OnKeepAliveTick(), this, ping, ping);
    }

    public string ConnectionId { get; }

    /// <summary>The session this connection serves, once the handshake attached one.</summary>
    public string? SessionId { get; private set; }

    /// <summary>Runs the connection to its end; never throws for anything the client does.</summary>
    public async Task RunAsync()
    {
        try
        {
            if (!await HandshakeAsync())
            {
                return;
            }

            _sender.Attach(_channel!.Outbox, _channel.Inbound, _replayFrom);
            _sender.AttachMedia(_channel.Media);
            var sending = SendLoopAsync();
            ConnectionOutcome outcome;
            try
            {
                outcome = await ReceiveLoopAsync();
            }
            catch (Exception ex) when (Hosting.ClusterFailure.IsTransient(ex))
            {
                // The session left this silo (another gateway resumed it) or its silo became unreachable:
                // this connection no longer leads to it. The client resumes wherever the session is.
                Close(ErrorCode.SessionMoved, ErrorCodes.Describe(ErrorCode.SessionMoved));
                outcome = new ConnectionOutcome(OutcomeKind.ClosedBySession, ErrorCode.SessionMoved, "the session is not on this silo any more");
            }
            catch (Exception ex)
            {
                // A bug, not the client's doing: still tell the session, so it never stays CONNECTED without a connection.
                LogUnexpected(ex, ConnectionId, SessionId);
                outcome = ConnectionOutcome.Dropped(ErrorCode.InternalError, "the server failed while reading");
            }

            await FinishAsync(outcome);
            await sending;
            if (outcome.Kind is OutcomeKind.ProtocolError or OutcomeKind.ClosedByClient)
            {
                await DrainUntilPeerClosesAsync();
            }
        }
        finally
        {
            await _stop.CancelAsync();
            _socket.Abort();
        }
    }

    /// <summary>Closes the connection with a code; called by the session (takeover, close).</summary>
    public void Close(ErrorCode code, string reason) => RequestClose(new CloseRequest(code, reason, FromSession: true));

    /// <summary>Closes the connection because the server stops; the session goes PENDING, the client may resume elsewhere.</summary>
    public void Shutdown() => RequestClose(new CloseRequest(ErrorCode.ServerShuttingDown, ErrorCodes.Describe(ErrorCode.ServerShuttingDown), FromSession: false));

    public void Dispose()
    {
        _keepAlive.Dispose();
        _sender.Dispose();
        _stop.Dispose();
        _reader.Dispose();
    }

    /// <summary>
    /// After our Close, reads (and discards) until the peer's WebSocket close arrives, bounded by the
    /// close-handshake deadline. Aborting at once would reset the TCP connection, and a reset can make
    /// the peer lose the Close frame that explains why (RFC 6455 §7.1.1: the server closes the TCP
    /// connection after the close handshake).
    /// </summary>
    private async Task DrainUntilPeerClosesAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(ConnectionServices.CloseHandshakeTimeout, _services.Time);
            while (await _reader.ReadAsync(_socket, deadline.Token) != ReadOutcome.Closed)
            {
                // Whatever the client still sends after our Close means nothing.
            }
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            // Gone or too slow: the socket is aborted next.
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await _sender.RunAsync(_stop.Token);
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            // The receive loop notices the same failure and reports it.
            await _stop.CancelAsync();
        }
    }

    private void RequestClose(CloseRequest request)
    {
        if (Interlocked.CompareExchange(ref _close, request, null) is not null)
        {
            return;
        }

        var status = request.Code == ErrorCode.SessionClosed ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)request.Code;
        _sender.RequestClose(new CloseFrame(request.Code, request.Reason, status, FlushOutbox: request.Code == ErrorCode.SessionClosed));
        try
        {
            // From now on the keep-alive timer only enforces the close handshake's deadline.
            _keepAlive.Change(ConnectionServices.CloseHandshakeTimeout, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    private async Task FinishAsync(ConnectionOutcome outcome)
    {
        var session = _session!;
        switch (outcome.Kind)
        {
            // The session is closed (and its place released) before the Close frame tells the client so.
            case OutcomeKind.ClosedByClient:
                LogClosed(ConnectionId, SessionId, "client sent Close");
                await session.CloseAsync(ErrorCode.SessionClosed, outcome.Reason);
                RequestClose(new CloseRequest(ErrorCode.SessionClosed, outcome.Reason, FromSession: false));
                break;
            case OutcomeKind.ProtocolError:
                LogProtocolError(ConnectionId, SessionId, (int)outcome.Code, outcome.Reason);
                await session.CloseAsync(outcome.Code, outcome.Reason);
                RequestClose(new CloseRequest(outcome.Code, outcome.Reason, FromSession: false));
                break;
            case OutcomeKind.Dropped:
                LogDropped(ConnectionId, SessionId, (int)outcome.Code, outcome.Reason);
                await _stop.CancelAsync();
                try
                {
                    await session.DetachAsync(this, outcome.Code);
                }
                catch (Exception ex) when (Hosting.ClusterFailure.IsTransient(ex))
                {
                    // The session moved to another silo as this connection dropped: it is not attached here.
                }

                break;
            case OutcomeKind.ClosedBySession when ConnectionOutcome.IsProtocolViolation(outcome.Code):
                // The session found the violation (a bad body 4102, a sequence gap 4107, ...) and closed itself.
                LogProtocolError(ConnectionId, SessionId, (int)outcome.Code, outcome.Reason);
                break;
            default:
                LogClosed(ConnectionId, SessionId, outcome.Reason);
                break;
        }
    }

    private void OnKeepAliveTick()
    {
        if (Volatile.Read(ref _close) is not null)
        {
            _socket.Abort(); // The peer had its chance to finish the close handshake.
            return;
        }

        var now = _services.Time.GetTimestamp();
        var limits = _services.Application.Limits;
        var silence = _services.Time.GetElapsedTime(Volatile.Read(ref _lastHeard), now);
        if (silence >= limits.PingTimeout)
        {
            _keepAliveExpired = true;
            _socket.Abort(); // The receive loop sees the abort and reports a drop with KeepAliveTimeout.
        }
        else if (silence >= limits.PingInterval)
        {
            _sender.EnqueueControl(Frames.Empty(MessageType.Ping, (uint)now, 0));
        }
    }
}
