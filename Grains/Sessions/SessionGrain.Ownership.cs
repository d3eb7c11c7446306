using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Applications;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Sessions.Ownership;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions;

/// <summary>
/// Sessions across the silos of a cluster (docs/architecture.md, "Sessions across silos"), active
/// when grain storage is shared: the reliable channel is stored write-ahead by a
/// <see cref="SessionJournal"/>, so whichever silo activates the session next rebuilds it from storage.
/// Orleans' grain directory keeps one activation per session; the session moves to the silo whose
/// gateway holds its client (<see cref="MoveToAsync"/>), because the channel is shared by reference
/// with the connection. A write refused on its ETag (a second activation, in another cluster on the
/// same store) makes this one stop serving the session and close its client with 4306 (SessionMoved).
/// </summary>
internal sealed partial class SessionGrain
{
    private SessionJournal? _journal;
    private bool _serving;

    /// <summary>True when silos share grain storage: the channel is stored and the session may move.</summary>
    private bool Shared => _ownership.Shared;

    public Task HandOffAsync() => RelinquishAsync(handedOff: true, "This silo is draining; resume the session on another one.");

    public Task<Uri?> EndpointAsync()
    {
        if (_state == SessionState.Closed && _channel is null)
        {
            DeactivateOnIdle(); // activated only to answer: it moves beside whichever gateway resumes it
        }

        return Task.FromResult(_endpoint.BaseUri);
    }

    public async Task<bool> AdoptAsync()
    {
        if (Shared && _channel is null && _record.Stored() is { State: not SessionState.Closed } stored)
        {
            var takeover = await TakeOverAsync();
            if (takeover == ErrorCode.None)
            {
                // Nobody serves it and nobody resumed it: PENDING here, for one grace window.
                _graceTimer = this.RegisterGrainTimer(ExpireAsync, _settings!.GraceWindow, Timeout.InfiniteTimeSpan);
                return true;
            }

            if (takeover == ErrorCode.SessionNotFound && _record.Stored() is { State: not SessionState.Closed, Channel: null })
            {
                // Its silo died between creating the record and storing the channel: nothing to resume.
                await CloseStaleAsync(stored, CancellationToken.None);
            }
        }

        if (_state == SessionState.Closed)
        {
            DeactivateOnIdle();
        }

        return false;
    }

    public async Task<ErrorCode> MoveToAsync(SiloAddress gateway, string tenant, string resumeToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (gateway.Equals(_silo.SiloAddress))
        {
            return ErrorCode.None;
        }

        // The token is checked before anything moves: a client that cannot resume must not disturb the session.
        var record = _record.Stored();
        var refusal = record is null || record.State == SessionState.Closed ? ErrorCode.SessionNotFound : Authenticate(record, tenant, resumeToken);
        if (refusal != ErrorCode.None)
        {
            if (_state == SessionState.Closed)
            {
                DeactivateOnIdle();
            }

            return refusal;
        }

        LogMovingToGateway(Id, gateway);
        if (_serving)
        {
            await RelinquishAsync(handedOff: true, "The client resumed through another silo.", deactivate: false);
        }

        // Orleans migrates the activation to the gateway's silo (the placement hint of this call's
        // request context) and points the directory there, so the gateway's next call finds it
        // beside the connection; it reads what was just stored.
        MigrateOnIdle();

        _ownership.Metrics.SessionMoves.Add(1);
        return ErrorCode.SessionMoved;
    }

    /// <summary>
    /// A resume reached this silo for a session stored by another activation (its silo died, or handed
    /// it off): read what was stored last, rebuild the channel, and answer what it had accepted but not
    /// answered. The session is then PENDING here, and the resume goes on as on its first silo. The
    /// first write of the journal moves the record's ETag, which fences any activation still writing.
    /// </summary>
    private async Task<ErrorCode> TakeOverAsync()
    {
        var started = _time.GetTimestamp();
        await _record.ReadStateAsync(); // the latest: a hand-off stored its channel after this activation read the record
        if (_record.Stored() is not { State: not SessionState.Closed, Channel: { } stored } record || !_catalog.TryGet(record.Application, out var settings))
        {
            return ErrorCode.SessionNotFound;
        }

        _settings = settings;
        var limits = settings.Limits;
        _channel = new SessionChannel(
            Outbox.Restore(limits.MaxOutboundBytes, limits.MaxOutboundMessages, stored.OutboxAcknowledged, stored.Outbox),
            new InboundSequence(stored.InboundDelivered));
        _media.AddContinued(Id, record.Application, _channel.Media);
        _rate = new TokenBucket(limits.MaxMessagesPerSecond, _time);
        _lastRecord = record;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        Serve([]);
        foreach (var request in stored.InFlight)
        {
            _channel.Outbox.TryAppend(await AnswerInterruptedAsync(record, request), out _);
        }

        await TransitionAsync(SessionState.Pending, "taken over from storage");
        try
        {
            await _journal!.WriteNowAsync();
        }
        catch (InconsistentStateException)
        {
            await RelinquishAsync(handedOff: false, "Another activation wrote the session while this one took it over.");
            return ErrorCode.SessionMoved;
        }

        await _grains.GetGrain<IApplicationGrain>(record.Application).CountAsync(Id, record.Tenant);
        _ownership.Metrics.Takeovers.Add(1);
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        LogTakenOverFromStorage(Id, stored.InboundDelivered, _channel.Outbox.LastSequence, stored.InFlight.Count, elapsed);
        return ErrorCode.None;
    }

    private void Serve(IEnumerable<InFlightRequest> inFlight)
    {
        _serving = true;
        _ownership.Serve(Id);
        _journal = new SessionJournal(_record, _channel!, inFlight, _time, _ownership.UnstoredAnswerWindow,
            _ => _grains.GetGrain<ISessionGrain>(Id).CloseAsync(ErrorCode.SessionMoved, "Another activation serves this session now."),
            ex => LogJournalFailed(ex, Id));
        LogServing(Id);
    }

    private async Task<byte[]> AnswerInterruptedAsync(SessionRecord record, InFlightRequest request)
    {
        if (_lifecycle.ResolverOf(request.Method) is { } resolve
            && await resolve(new InterruptedRequest(Id, record.Application, record.Tenant, request.Sequence, request.RequestId, request.Method)) is { } result)
        {
            return result.Error == ErrorCode.None
                ? Frames.Response(request.RequestId, result.Result, ProtocolJson.Default.JsonElement)
                : Frames.ErrorResponse(request.RequestId, result.Error, result.Message, result.Details);
        }

        return Frames.ErrorResponse(request.RequestId, ErrorCode.RequestInterrupted,
            $"The server running '{request.Method}' stopped before it answered; it may or may not have taken effect.");
    }

    /// <summary>
    /// Stops serving the session here without closing it: it lives on where its client resumes. On a
    /// hand-off (drain, or a client that resumed through another silo) the channel is stored once more,
    /// so the next activation continues from it; when fenced, nothing is stored (another activation
    /// wrote the record).
    /// </summary>
    private async Task RelinquishAsync(bool handedOff, string reason, bool deactivate = true)
    {
        if (!_serving)
        {
            return;
        }

        _serving = false;
        var journal = _journal;
        _journal = null;
        _graceTimer?.Dispose();
        _graceTimer = null;
        var stored = true;
        if (journal is not null)
        {
            try
            {
                await journal.StopAsync(flush: handedOff);
            }
            catch (Exception ex) when (ex is OrleansException or IOException)
            {
                stored = false; // not ours any more, or unreachable: the successor resumes from what was stored before
            }
        }

        await _closing.CancelAsync();
        _ownership.Release(Id);
        _media.Remove(Id); // its video contexts on this silo stop; the client reopens them where it resumes
        var record = _record.Stored() ?? _lastRecord;
        if (record is not null)
        {
            var how = handedOff ? SessionLeaving.HandedOff : SessionLeaving.Taken;
            foreach (var failure in await _lifecycle.ReleaseAsync(new SessionRelease(Id, record.Application, record.Tenant, how)))
            {
                LogReleaseFailed(failure, Id);
            }

            if (!handedOff)
            {
                // Fenced: the activation that wrote the record counts the session in its own cluster.
                // Handed off, the session lives on in this cluster and stays counted.
                await _grains.GetGrain<IApplicationGrain>(record.Application).ReleaseAsync(Id);
            }
        }

        if (!handedOff)
        {
            _ownership.Metrics.SessionsFenced.Add(1);
        }

        _ownership.Metrics.SessionLeft(_state);
        if (handedOff)
        {
            LogHandedOff(Id, stored);
        }
        else
        {
            LogFenced(Id, reason);
        }

        var link = _link;
        _link = null;
        _channel = null;
        _state = SessionState.Closed; // here; the session itself lives on with its new owner
        link?.Close(ErrorCode.SessionMoved, reason);
        DelayDeactivation(TimeSpan.Zero);
        if (deactivate)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Orleans takes this activation away while it serves a client: its grain directory registration
    /// was held by a silo that died (Orleans' directory then deactivates the registered activations on
    /// every surviving silo), or the silo stops. The channel is stored once more and the client is told
    /// to resume (4306), so the next activation takes the session over from storage instead of the
    /// client waiting on a channel nobody serves. A move or a close has relinquished already.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_serving)
        {
            await RelinquishAsync(handedOff: true, $"Orleans deactivated the session's activation ({reason.ReasonCode}): {reason.Description}", deactivate: false);
        }
    }

    /// <summary>Stops the journal of a session that is closing (its record is deleted next).</summary>
    private async Task StopOwnershipAsync()
    {
        var journal = _journal;
        _journal = null;
        if (journal is not null)
        {
            await journal.StopAsync(flush: false);
        }

        if (_serving)
        {
            _ownership.Release(Id);
        }

        _serving = false;
    }

    [LoggerMessage(EventId = LogEvents.SessionServing, Level = LogLevel.Debug, Message = "Session {SessionId}: this silo serves it, its channel stored write-ahead")]
    private partial void LogServing(string sessionId);

    [LoggerMessage(EventId = LogEvents.SessionMovedToGateway, Level = LogLevel.Information, Message = "Session {SessionId}: its client resumed through silo {Silo}; the session stores its channel and moves there")]
    private partial void LogMovingToGateway(string sessionId, SiloAddress silo);

    [LoggerMessage(EventId = LogEvents.SessionTakenOverFromStorage, Level = LogLevel.Information, Message = "Session {SessionId} taken over from storage in {Milliseconds:0.0} ms: client delivered up to {Inbound}, server sent up to {Outbound}, {InFlight} request(s) answered for the previous owner")]
    private partial void LogTakenOverFromStorage(string sessionId, uint inbound, uint outbound, int inFlight, double milliseconds);

    [LoggerMessage(EventId = LogEvents.SessionResumedPastStoredEnd, Level = LogLevel.Information, Message = "Session {SessionId}: its client had received up to {ClientLast}, past the stored outbox (answers sent before they were stored); later messages renumbered after it")]
    private partial void LogResumedPastStoredEnd(string sessionId, uint clientLast);

    [LoggerMessage(EventId = LogEvents.SessionFenced, Level = LogLevel.Warning, Message = "Session {SessionId}: another activation wrote its record; its client here was closed with 4306 ({Reason})")]
    private partial void LogFenced(string sessionId, string reason);

    [LoggerMessage(EventId = LogEvents.SessionHandedOff, Level = LogLevel.Information, Message = "Session {SessionId} handed off (channel stored: {Stored}); its client was closed with 4306 to resume elsewhere")]
    private partial void LogHandedOff(string sessionId, bool stored);

    [LoggerMessage(EventId = LogEvents.SessionJournalFailed, Level = LogLevel.Error, Message = "Session {SessionId}: storing its channel failed; messages are held until storage answers")]
    private partial void LogJournalFailed(Exception exception, string sessionId);
}
