using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Hosting;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Sessions.Ownership;

namespace OrleansBridge.Sessions;

/// <summary>
/// Ownership across silos (docs/architecture.md, "Sessions across silos"), active when grain storage
/// has leases: the session's record is leased by the silo that serves it and renewed on a timer; the
/// reliable channel is stored write-ahead by a <see cref="SessionJournal"/>; a resume that reaches a
/// silo without the session takes it over from storage; a lost lease or a refused write makes this
/// silo stop serving the session and close its client with 4306 (SessionMoved).
/// </summary>
internal sealed partial class SessionGrain
{
    private const string StateName = "session";
    private SessionJournal? _journal;
    private IDisposable? _renewTimer;
    private string? _leaseId;

    /// <summary>True when sessions are owned through leases (shared blob storage).</summary>
    private bool Leased => _ownership.Leases is not null;

    public Task HandOffAsync() => RelinquishAsync(handedOff: true, "This silo is draining; resume the session on another one.");

    /// <summary>Takes the lease of a freshly created record and starts storing the channel.</summary>
    private async Task<bool> OwnNewAsync()
    {
        var lease = Guid.NewGuid().ToString();
        if (await _ownership.TakeAsync(StateName, Id, lease, CancellationToken.None) != LeaseStatus.Ok)
        {
            return false;
        }

        Own(lease, []);
        return true;
    }

    /// <summary>
    /// A resume reached this silo for a session stored by another: take the lease (breaking the old
    /// owner's), read what it stored last, rebuild the channel, and answer what it had accepted but not
    /// answered. The session is then PENDING here, and the resume goes on as on its first silo.
    /// </summary>
    private async Task<bool> TakeOverAsync()
    {
        var started = _time.GetTimestamp();
        var lease = Guid.NewGuid().ToString();
        var status = await _ownership.TakeAsync(StateName, Id, lease, CancellationToken.None);
        if (status != LeaseStatus.Ok)
        {
            return false;
        }

        _record.LeaseId = lease;
        await _record.ReadStateAsync(); // after the lease: nobody can store anything newer now
        if (_record.State is not { State: not SessionState.Closed, Channel: { } stored } record || !_catalog.TryGet(record.Application, out var settings))
        {
            await _ownership.Leases!.ReleaseLeaseAsync(StateName, Id, lease, CancellationToken.None);
            _record.LeaseId = null;
            return false;
        }

        _settings = settings;
        var limits = settings.Limits;
        _channel = new SessionChannel(
            Outbox.Restore(limits.MaxOutboundBytes, limits.MaxOutboundMessages, stored.OutboxAcknowledged, stored.Outbox),
            new InboundSequence(stored.InboundDelivered));
        _media.Add(Id, _channel.Media);
        _rate = new TokenBucket(limits.MaxMessagesPerSecond, _time);
        _lastRecord = record;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        Own(lease, []);
        foreach (var request in stored.InFlight)
        {
            _channel.Outbox.TryAppend(await AnswerInterruptedAsync(record, request), out _);
        }

        _ownership.Metrics.Takeovers.Add(1);
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        LogTakenOverFromStorage(Id, stored.InboundDelivered, _channel.Outbox.LastSequence, stored.InFlight.Count, elapsed);
        await TransitionAsync(SessionState.Pending, "taken over from another silo");
        return true;
    }

    private void Own(string lease, IEnumerable<InFlightRequest> inFlight)
    {
        _leaseId = lease;
        _record.LeaseId = lease;
        _ownership.Own(Id, lease);
        _journal = new SessionJournal(_record, _channel!, inFlight, _time,
            _ => _grains.GetGrain<ISessionGrain>(Id).CloseAsync(ErrorCode.SessionMoved, "Another silo serves this session now."),
            ex => LogJournalFailed(ex, Id));
        _renewTimer = this.RegisterGrainTimer(RenewAsync, _ownership.RenewInterval, _ownership.RenewInterval);
        LogLeaseAcquired(Id, _ownership.Options.LeaseDuration.TotalSeconds);
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

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (_leaseId is not { } lease)
        {
            return;
        }

        var status = await _ownership.Leases!.RenewLeaseAsync(StateName, Id, lease, cancellationToken);
        switch (status)
        {
            case LeaseStatus.Ok:
                _ownership.Metrics.LeaseRenewals.Add(1);
                break;
            case LeaseStatus.Unavailable:
                LogRenewFailed(Id, status.ToString());
                break;
            default:
                await RelinquishAsync(handedOff: false, $"The session's lease was lost ({status}); another silo serves it now.");
                break;
        }
    }

    /// <summary>
    /// Stops serving the session here without closing it: it lives on where its client resumes. On a
    /// hand-off (drain) the channel is stored once more and the lease released, so the next silo takes
    /// over at once; when fenced, nothing is stored (another silo owns the record now).
    /// </summary>
    private async Task RelinquishAsync(bool handedOff, string reason)
    {
        if (_leaseId is not { } lease)
        {
            return;
        }

        _leaseId = null;
        var journal = _journal;
        _journal = null;
        _renewTimer?.Dispose();
        _renewTimer = null;
        _graceTimer?.Dispose();
        _graceTimer = null;
        var stored = true;
        if (journal is not null)
        {
            try
            {
                await journal.StopAsync(flush: handedOff);
            }
            catch (Exception ex) when (ex is GrainStateConflictException or IOException or HttpRequestException)
            {
                stored = false; // not ours any more, or unreachable: the successor resumes from what was stored before
            }
        }

        await _closing.CancelAsync();
        _ownership.Disown(Id, lease);
        _media.Remove(Id); // its video contexts on this silo stop; the client reopens them where it resumes
        var record = _record.State ?? _lastRecord;
        if (record is not null)
        {
            var how = handedOff ? SessionLeaving.HandedOff : SessionLeaving.Taken;
            foreach (var failure in await _lifecycle.ReleaseAsync(new SessionRelease(Id, record.Application, record.Tenant, how)))
            {
                LogReleaseFailed(failure, Id);
            }

            await _grains.GetGrain<IApplicationGrain>(record.Application).ReleaseAsync(Id);
        }

        if (handedOff && stored)
        {
            await _ownership.Leases!.ReleaseLeaseAsync(StateName, Id, lease, CancellationToken.None);
        }
        else
        {
            _ownership.Metrics.LeaseLosses.Add(1);
        }

        _ownership.Metrics.SessionLeft(_state);
        if (handedOff)
        {
            LogHandedOff(Id, stored);
        }
        else
        {
            LogLeaseLost(Id, reason);
        }

        var link = _link;
        _link = null;
        _channel = null;
        _state = SessionState.Closed; // here; the session itself lives on with its new owner
        _record.LeaseId = null;
        link?.Close(ErrorCode.SessionMoved, reason);
        DelayDeactivation(TimeSpan.Zero);
        DeactivateOnIdle();
    }

    /// <summary>Stops the journal and lease timer of a session that is closing (its record is deleted under the lease next).</summary>
    private async Task StopOwnershipAsync()
    {
        var journal = _journal;
        _journal = null;
        _renewTimer?.Dispose();
        _renewTimer = null;
        if (journal is not null)
        {
            await journal.StopAsync(flush: false);
        }

        if (_leaseId is { } lease)
        {
            _ownership.Disown(Id, lease);
        }

        _leaseId = null;
    }

    [LoggerMessage(EventId = LogEvents.SessionLeaseAcquired, Level = LogLevel.Debug, Message = "Session {SessionId}: this silo owns it (lease of {Seconds} s)")]
    private partial void LogLeaseAcquired(string sessionId, double seconds);

    [LoggerMessage(EventId = LogEvents.SessionTakenOverFromStorage, Level = LogLevel.Information, Message = "Session {SessionId} taken over from storage in {Milliseconds:0.0} ms: client delivered up to {Inbound}, server sent up to {Outbound}, {InFlight} request(s) answered for the previous owner")]
    private partial void LogTakenOverFromStorage(string sessionId, uint inbound, uint outbound, int inFlight, double milliseconds);

    [LoggerMessage(EventId = LogEvents.SessionLeaseLost, Level = LogLevel.Warning, Message = "Session {SessionId}: another silo owns it now; its client was closed with 4306 ({Reason})")]
    private partial void LogLeaseLost(string sessionId, string reason);

    [LoggerMessage(EventId = LogEvents.SessionHandedOff, Level = LogLevel.Information, Message = "Session {SessionId} handed off (channel stored: {Stored}); its client was closed with 4306 to resume elsewhere")]
    private partial void LogHandedOff(string sessionId, bool stored);

    [LoggerMessage(EventId = LogEvents.SessionLeaseRenewFailed, Level = LogLevel.Warning, Message = "Session {SessionId}: renewing its lease failed ({Status}); retrying at the next interval")]
    private partial void LogRenewFailed(string sessionId, string status);

    [LoggerMessage(EventId = LogEvents.SessionJournalFailed, Level = LogLevel.Error, Message = "Session {SessionId}: storing its channel failed; messages are held until storage answers")]
    private partial void LogJournalFailed(Exception exception, string sessionId);
}
