using System.Globalization;
using System.Net.WebSockets;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Client;

/// <summary>Connecting, the handshake, and resuming after drops.</summary>
public sealed partial class BridgeSession
{
    /// <summary>Header the server sets on a refused upgrade.</summary>
    private const string ErrorHeader = "Bridge-Error";

    /// <summary>
    /// Opens the session: WebSocket, Hello, Welcome. Throws <see cref="BridgeRejectedException"/> with the
    /// server's code when refused. Call once, on a session from <see cref="BridgeClient.Create"/>.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("ConnectAsync was already called on this session.");
        }

        var (connection, welcome) = await OpenAsync(resume: null, cancellationToken);
        SessionId = welcome.SessionId;
        _resumeToken = welcome.ResumeToken;
        ProtocolVersion = welcome.ProtocolVersion;
        Tenant = welcome.Tenant;
        Limits = welcome.Limits;
        Capabilities = welcome.Capabilities;
        _inFlight = new ByteBudget(welcome.Limits.MaxInFlightBytes);
        SetState(ClientState.Connected, $"welcomed into session {welcome.SessionId} (protocol {welcome.ProtocolVersion})");
        _run = RunAsync(connection);
    }

    private async Task RunAsync(Connection connection)
    {
        while (true)
        {
            Volatile.Write(ref _current, connection);
            var end = await connection.RunAsync(this);
            Volatile.Write(ref _current, null);
            connection.Dispose();
            if (end is not null || Volatile.Read(ref _closeRequested) == 1)
            {
                Finish(end ?? new SessionEnd(ErrorCode.SessionClosed, "The client closed the session."));
                return;
            }

            SetState(ClientState.Pending, "the connection dropped; resuming");
            if (!_options.AutoReconnect)
            {
                Finish(new SessionEnd(ErrorCode.KeepAliveTimeout, "The connection dropped and automatic reconnect is off."));
                return;
            }

            var resumed = await ReconnectAsync();
            if (resumed is null)
            {
                return;
            }

            connection = resumed;
            Resumes++;
            SetState(ClientState.Connected, $"resumed session {SessionId}");
            _ = ReopenVideoContextsAsync(); // beside the connection's loop: it sends requests over it
        }
    }

    private async Task<Connection?> ReconnectAsync()
    {
        var time = _options.Time;
        var deadline = time.GetTimestamp();
        var grace = TimeSpan.FromMilliseconds(Limits?.GraceWindowMs ?? 60_000);
        var backoff = _options.InitialBackoff;
        var attempt = 0;
        while (time.GetElapsedTime(deadline) < grace && !_lifetime.IsCancellationRequested)
        {
            try
            {
                // Jitter spreads the reconnects of many clients dropped at once.
                await Task.Delay(backoff * (0.5 + (Random.Shared.NextDouble() / 2)), time, _lifetime.Token);
                var resume = new ResumeInfo(SessionId, _resumeToken, _inbound.LastDelivered);
                var (connection, _) = await OpenAsync(resume, _lifetime.Token, UrlOfAttempt(attempt++));
                return connection;
            }
            catch (BridgeRejectedException ex) when (IsFinal(ex.Code))
            {
                Finish(new SessionEnd(ex.Code, ex.Reason));
                return null;
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is BridgeRejectedException or WebSocketException or OperationCanceledException or HttpRequestException)
            {
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }

        Finish(new SessionEnd(ErrorCode.SessionExpired, "Could not reconnect within the server's grace window."));
        return null;
    }

    /// <summary>Codes after which resuming can never succeed.</summary>
    private static bool IsFinal(ErrorCode code) => ProtocolConstants.IsFinal(code);

    /// <summary>The session's URL first, then each of <see cref="BridgeClientOptions.AlternateUrls"/> in turn.</summary>
    private Uri UrlOfAttempt(int attempt)
    {
        var alternates = _options.AlternateUrls;
        var index = attempt % (alternates.Count + 1);
        return index == 0 ? _url : alternates[index - 1];
    }

    private async Task<(Connection Connection, Welcome Welcome)> OpenAsync(ResumeInfo? resume, CancellationToken cancellationToken, Uri? url = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
        if (_options.Origin is { } origin)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var connection = new Connection(socket, _options);
        try
        {
            using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await socket.ConnectAsync(url ?? _url, linked.Token);
            }
            catch (WebSocketException) when (RefusalOf(socket) is { } refusal)
            {
                throw refusal;
            }

            var hello = new Hello(_options.ProtocolVersion, new ClientInfo(_options.ClientName, _options.ClientBuild), Resume: resume, LogLevel: _options.LogLevel);
            await connection.Sender.SendNowAsync(Frames.Json(MessageType.Hello, FrameFlags.None, 0, hello, ProtocolJson.Default.Hello), linked.Token);
            var welcome = await connection.ReadWelcomeAsync(linked.Token);
            if (!_outbox.Acknowledge(welcome.LastReceivedSeq))
            {
                throw new BridgeRejectedException(ErrorCode.ResumeSequenceInvalid, "The server claims requests this client never sent.");
            }

            connection.Sender.Attach(_outbox, _inbound, welcome.LastReceivedSeq);
            return (connection, welcome);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Turns a refused upgrade (401, 403, 429, 503 …) into its protocol code.</summary>
    private static BridgeRejectedException? RefusalOf(ClientWebSocket socket)
    {
        var status = (int)socket.HttpStatusCode;
        if (status is 0 or 101)
        {
            return null;
        }

        var code = ErrorCode.None;
        if (socket.HttpResponseHeaders?.TryGetValue(ErrorHeader, out var values) == true
            && ushort.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            code = (ErrorCode)number;
        }

        return code == ErrorCode.None
            ? new BridgeRejectedException(ErrorCode.None, $"The server answered HTTP {status} instead of upgrading.")
            : new BridgeRejectedException(code, $"{ErrorCodes.Describe(code)} (HTTP {status})");
    }
}
