using System.Buffers;
using System.Net.WebSockets;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using OrleansBridge.Admission;
using OrleansBridge.Applications;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Transport;
using OrleansBridge.Sessions;

namespace OrleansBridge.Gateway.Connections;

/// <summary>The handshake: Hello → Welcome or Reject (docs/protocol.md §4).</summary>
internal sealed partial class ClientConnection
{
    private async Task<bool> HandshakeAsync()
    {
        // The deadline races the read instead of cancelling it: cancelling a WebSocket receive aborts the
        // socket (a bare TCP reset), and protocol.md §4 promises the silent client a Reject 4105 frame.
        var pending = _reader.ReadAsync(_socket, _stop.Token).AsTask();
        ReadOutcome read;
        try
        {
            using var deadline = new CancellationTokenSource(_services.Application.HandshakeTimeout, _services.Time);
            read = await pending.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!pending.IsCompleted && !_stop.IsCancellationRequested)
        {
            return await RejectSilentAsync(pending);
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            return false; // The client went away before saying Hello.
        }

        switch (read)
        {
            case ReadOutcome.Closed:
                return false;
            case ReadOutcome.TooLarge:
                return await RejectAsync(ErrorCode.MessageTooLarge);
            case ReadOutcome.Text:
                return await RejectAsync(ErrorCode.TextMessageNotAllowed);
        }

        var message = _reader.Message;
        if (!FrameHeader.TryRead(message.Span, out var header, out var error))
        {
            return await RejectAsync(error);
        }

        if (header.Type != MessageType.Hello)
        {
            return await RejectAsync(ErrorCode.UnexpectedMessage, $"The first message must be Hello, not {header.Type}.");
        }

        if (!Frames.TryParse(message.Span[FrameHeader.Size..], ProtocolJson.Default.Hello, out var hello) || hello.Client is null)
        {
            return await RejectAsync(ErrorCode.MalformedBody, "Hello must be JSON with protocolVersion and client {name, build}.");
        }

        return await AdmitAsync(hello);
    }

    private async Task<bool> AdmitAsync(Hello hello)
    {
        if (!ProtocolVersions.TryNegotiate(hello.ProtocolVersion, out var version))
        {
            var body = new ErrorBody(ErrorCode.UnsupportedProtocolVersion,
                $"Protocol version {hello.ProtocolVersion} is not supported; this server speaks {string.Join(", ", ProtocolVersions.Supported)}.",
                ProtocolVersions.Supported);
            return await RejectAsync(body);
        }

        var check = _preChecked ?? await _services.SessionHandler.CheckAsync(hello.Token, _stop.Token);
        if (!check.Accepted)
        {
            return await RejectAsync(check.Error);
        }

        // Sessions activate beside their client's gateway: they share the channel with the connection by
        // reference. Orleans places a new activation by this hint, also when it re-routes a call that
        // reached an activation as it left.
        AttachResult attached;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, _services.Silo);
        try
        {
            attached = hello.Resume is { } resume ? await ResumeAsync(resume, check.Tenant) : await StartAsync(hello, check);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        if (attached.Error != ErrorCode.None)
        {
            return await RejectAsync(attached.Error);
        }

        _channel = attached.Channel!;
        _replayFrom = attached.ReplayFrom;
        var settings = _services.Application;
        var limits = settings.Limits;
        var welcome = new Welcome(
            version,
            SessionId!,
            attached.ResumeToken,
            hello.Resume is not null,
            _channel.Inbound.Acknowledgeable,
            check.Tenant,
            new SessionLimits(
                limits.MaxMessageBytes,
                limits.MaxInFlightBytes,
                limits.MaxMessagesPerSecond,
                limits.MaxOutboundBytes,
                (int)limits.PingInterval.TotalMilliseconds,
                (int)limits.PingTimeout.TotalMilliseconds,
                (int)settings.GraceWindow.TotalMilliseconds),
            _services.Capabilities.Capabilities,
            ProtocolVersions.Supported);
        try
        {
            await _sender.SendNowAsync(Frames.Json(MessageType.Welcome, FrameFlags.None, 0, welcome, ProtocolJson.Default.Welcome), _stop.Token);
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            await _session!.DetachAsync(this, ErrorCode.None);
            return false;
        }

        LogWelcomed(ConnectionId, SessionId!, hello.Resume is not null, _replayFrom);
        return true;
    }

    private async Task<AttachResult> ResumeAsync(ResumeInfo resume, string tenant)
    {
        if (!IsSessionId(resume.SessionId) || string.IsNullOrEmpty(resume.ResumeToken))
        {
            return AttachResult.Refused(ErrorCode.SessionNotFound);
        }

        _session = _services.Grains.GetGrain<ISessionGrain>(resume.SessionId);
        SessionId = resume.SessionId;

        // The session shares its channel with this connection by reference, so it must be active on
        // this silo: ask it to come here (it stores its channel and leaves wherever it was), then resume.
        var started = _services.Time.GetTimestamp();
        var moves = 0;
        var deferred = false;
        while (true)
        {
            try
            {
                var located = await _session.MoveToAsync(_services.Silo, tenant, resume.ResumeToken);
                if (located == ErrorCode.SessionMoved && ++moves < ConnectionServices.MoveAttempts)
                {
                    // It is leaving its silo; once gone, the next call activates it here.
                    await Task.Delay(ConnectionServices.MoveRetryDelay * (1 << (moves - 1)), _services.Time, _stop.Token);
                    continue;
                }

                return located != ErrorCode.None
                    ? AttachResult.Refused(located)
                    : await _session.ResumeAsync(tenant, resume.ResumeToken, resume.LastReceivedSeq, this);
            }
            catch (Exception ex) when (Hosting.ClusterFailure.IsTransient(ex))
            {
                // The silo that holds the session is unreachable and not yet declared dead, or the session
                // moved between two calls. Wait here while the cluster decides (a dead silo's sessions
                // activate elsewhere once membership declares it dead), then let the client retry.
                if (!deferred)
                {
                    LogResumeDeferred(ConnectionId, resume.SessionId, ex);
                    deferred = true;
                }

                if (_services.Time.GetElapsedTime(started) >= ConnectionServices.ResumeWait)
                {
                    return AttachResult.Refused(ErrorCode.SessionMoved);
                }

                await Task.Delay(ConnectionServices.UnreachableRetryDelay, _services.Time, _stop.Token);
            }
        }
    }

    private async Task<AttachResult> StartAsync(Hello hello, TokenCheck check)
    {
        var application = _services.Grains.GetGrain<IApplicationGrain>(_services.Application.Name);
        var admission = await PendingYield.AdmitAsync(_services.Grains, application, check.Tenant, check.MaxSessions);
        if (!admission.Admitted)
        {
            return AttachResult.Refused(admission.Error);
        }

        _session = _services.Grains.GetGrain<ISessionGrain>(admission.SessionId);
        SessionId = admission.SessionId;
        var start = new SessionStart(_services.Application.Name, check.Tenant, Clip(hello.Client.Name), Clip(hello.Client.Build), hello.LogLevel);
        var attached = await _session.StartAsync(start, this);
        if (attached.Error != ErrorCode.None)
        {
            await application.ReleaseAsync(admission.SessionId);
        }

        return attached;
    }

    /// <summary>
    /// Rejects a client that said nothing within the handshake timeout: Reject 4105, then the close
    /// handshake, reading through the read already in flight (a WebSocket allows one reader).
    /// </summary>
    private async Task<bool> RejectSilentAsync(Task<ReadOutcome> pending)
    {
        var body = ErrorBody.Of(ErrorCode.HandshakeTimeout);
        LogRejected(ConnectionId, (int)body.Code, body.Reason);
        try
        {
            await _sender.SendNowAsync(Frames.Json(MessageType.Reject, FrameFlags.None, 0, body, ProtocolJson.Default.ErrorBody), _stop.Token);
            using var deadline = new CancellationTokenSource(ConnectionServices.CloseHandshakeTimeout, _services.Time);
            await _socket.CloseOutputAsync((WebSocketCloseStatus)body.Code, body.Code.ToString(), deadline.Token);
            while (await pending.WaitAsync(deadline.Token) != ReadOutcome.Closed)
            {
                pending = _reader.ReadAsync(_socket, deadline.Token).AsTask(); // Late bytes mean nothing now.
            }
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            // The client left, or did not finish the close handshake in time: the socket is aborted next.
        }
        finally
        {
            // The read may still be in flight; the abort that follows ends it, and nobody waits for it.
            _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return false;
    }

    private Task<bool> RejectAsync(ErrorCode code, string? reason = null) => RejectAsync(new ErrorBody(code, reason ?? ErrorCodes.Describe(code)));

    private async Task<bool> RejectAsync(ErrorBody body)
    {
        LogRejected(ConnectionId, (int)body.Code, body.Reason);
        try
        {
            await _sender.SendNowAsync(Frames.Json(MessageType.Reject, FrameFlags.None, 0, body, ProtocolJson.Default.ErrorBody), _stop.Token);
            using var deadline = new CancellationTokenSource(ConnectionServices.CloseHandshakeTimeout, _services.Time);
            await _socket.CloseAsync((WebSocketCloseStatus)body.Code, body.Code.ToString(), deadline.Token);
        }
        catch (Exception ex) when (TransportFailure.Is(ex))
        {
            // The client left first; nothing more to tell it.
        }

        return false;
    }

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static bool IsSessionId(string id) =>
        id.Length == 32 && id.AsSpan().IndexOfAnyExcept(LowerHex) < 0;

    private static string Clip(string? value) => value is null ? string.Empty : value.Length <= 64 ? value : value[..64];
}
