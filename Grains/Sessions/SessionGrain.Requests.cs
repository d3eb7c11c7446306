using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions;

/// <summary>Inbound frames and requests: ordering, duplicates, limits, dispatch.</summary>
internal sealed partial class SessionGrain
{
    private const string InfoMethod = "session.info";
    private const string LogsMethod = "session.logs";
    private const string CloseMethod = "session.close";
    private long _inFlightBytes;

    public async Task ReceiveAsync(ISessionLink link, FrameHeader header, ReadOnlyMemory<byte> body, long receivedAt = 0)
    {
        if (!ReferenceEquals(link, _link) || _channel is not { } channel)
        {
            return; // A connection that was taken over or closed: its late frames mean nothing.
        }

        var journal = _journal;
        var arrival = journal is null ? channel.Inbound.Accept(header.Sequence) : journal.Accept(header.Sequence, header.RequestId);
        switch (arrival)
        {
            case Protocol.Reliability.Arrival.Duplicate:
                return; // Replayed after a resume and already applied: nothing is applied twice.
            case Protocol.Reliability.Arrival.Gap:
                await CloseSessionAsync(ErrorCode.SequenceGap, $"Expected sequence {channel.Inbound.LastDelivered + 1}, got {header.Sequence}.");
                return;
        }

        if (header.Type != MessageType.Request)
        {
            await CloseSessionAsync(ErrorCode.UnexpectedMessage, $"A client may not send {header.Type} messages.");
            return;
        }

        if (!Frames.TrySplit(header.Flags, body.Span, out var json, out var bulk)
            || !Frames.TryParse(json, ProtocolJson.Default.RequestEnvelope, out var request)
            || string.IsNullOrEmpty(request.Method))
        {
            await CloseSessionAsync(ErrorCode.MalformedBody, "A request body must be JSON {\"method\": string, \"params\": any}.");
            return;
        }

        journal?.Describe(header.Sequence, request.Method, ChangesState(request.Method));
        var bulkLength = bulk.Length;
        if (!_rate!.TryTake())
        {
            await SendAsync(Frames.ErrorResponse(header.RequestId, ErrorCode.RateLimited,
                $"More than {_settings!.Limits.MaxMessagesPerSecond} requests per second; this request was not run."), header.Sequence, mustStore: false);
            return;
        }

        // The raw part ends the body, so it is the body's tail (a slice, not a copy).
        await DispatchAsync(header.Sequence, header.RequestId, request, body[(body.Length - bulkLength)..], body.Length, channel, receivedAt);
    }

    private async Task DispatchAsync(uint sequence, uint requestId, RequestEnvelope request, ReadOnlyMemory<byte> bulk, int bytes, SessionChannel channel, long receivedAt)
    {
        switch (request.Method)
        {
            case InfoMethod:
                await SendAsync(Frames.Response(requestId, Info(), ProtocolJson.Default.SessionInfoResult), sequence, mustStore: false);
                return;
            case LogsMethod:
                await SetLogLevelAsync(sequence, requestId, request.Params);
                return;
            case CloseMethod:
                await SendAsync(Frames.Response(requestId, default(JsonElement), ProtocolJson.Default.JsonElement), sequence);
                await CloseSessionAsync(ErrorCode.SessionClosed, "The client closed the session.");
                return;
        }

        if (!_handlers.TryGet(request.Method, out var handler))
        {
            await SendAsync(Frames.ErrorResponse(requestId, ErrorCode.UnknownMethod, $"The server has no method '{ErrorText.Quote(request.Method)}'."), sequence, mustStore: false);
            return;
        }

        var limit = _settings!.Limits.MaxInFlightBytes;
        if (Interlocked.Read(ref _inFlightBytes) + bytes > limit)
        {
            await SendAsync(Frames.ErrorResponse(requestId, ErrorCode.TooManyInFlight,
                $"More than {limit} bytes of requests are unanswered; wait for responses before sending more."), sequence, mustStore: false);
            return;
        }

        Interlocked.Add(ref _inFlightBytes, bytes);
        var record = _record.State;
        var context = new RequestContext(Id, record.Application, record.Tenant, _time, bulk, sequence, receivedAt);
        ValueTask<RequestResult> pending;
        try
        {
            pending = handler.HandleAsync(context, request.Params, _closing.Token);
        }
        catch (Exception ex)
        {
            pending = ValueTask.FromException<RequestResult>(ex);
        }

        if (pending.IsCompleted)
        {
            await SendAsync(Complete(requestId, request.Method, bytes, pending), sequence, handler.ChangesState);
        }
        else
        {
            // Long requests finish outside this turn, so the session keeps serving; the outbox is thread-safe.
            _ = CompleteLaterAsync(sequence, requestId, request.Method, bytes, pending, channel, _journal, handler.ChangesState);
        }
    }

    /// <summary>
    /// False for what changes nothing when run (or run again): <c>session.info</c>, a handler that says
    /// so, and a method the server does not have (its answer is a refusal).
    /// </summary>
    private bool ChangesState(string method) => method switch
    {
        InfoMethod => false,
        LogsMethod or CloseMethod => true,
        _ => _handlers.TryGet(method, out var handler) && handler.ChangesState,
    };

    private async Task CompleteLaterAsync(uint sequence, uint requestId, string method, int bytes, ValueTask<RequestResult> pending, SessionChannel channel, Ownership.SessionJournal? journal, bool mustStore)
    {
        try
        {
            await pending;
        }
        catch
        {
            // Observed in Complete below.
        }

        var frame = Complete(requestId, method, bytes, pending);
        var appended = journal is null ? channel.Outbox.TryAppend(frame, out _) : journal.Answer(sequence, frame, mustStore);
        if (!appended && !_closing.IsCancellationRequested)
        {
            await _grains.GetGrain<ISessionGrain>(Id).CloseAsync(ErrorCode.OutboundBufferFull, OutboundFullReason);
        }
    }

    private byte[] Complete(uint requestId, string method, int bytes, ValueTask<RequestResult> finished)
    {
        Interlocked.Add(ref _inFlightBytes, -bytes);
        if (finished.IsCanceled || (finished.IsFaulted && _closing.IsCancellationRequested))
        {
            return Frames.ErrorResponse(requestId, ErrorCode.Cancelled);
        }

        if (finished.IsFaulted)
        {
            var exception = finished.AsTask().Exception!.GetBaseException();
            LogRequestFailed(exception, Id, method);
            Forward(LogLevel.Error, $"Request {requestId} ({method}) failed: {exception.Message}");
            return exception is Cache.CacheLedgerContendedException
                ? Frames.ErrorResponse(requestId, ErrorCode.CacheLedgerContended, exception.Message, null)
                : Frames.ErrorResponse(requestId, ErrorCode.InternalError);
        }

        var result = finished.Result;
        return result.Error == ErrorCode.None
            ? Frames.Response(requestId, result.Result, ProtocolJson.Default.JsonElement)
            : Frames.ErrorResponse(requestId, result.Error, result.Message, result.Details);
    }

    private async Task SetLogLevelAsync(uint sequence, uint requestId, JsonElement parameters)
    {
        // params: {"level": "information" | … | null}; anything else is an argument error, never a silent "off".
        JsonElement level = default;
        var valid = parameters.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            || (parameters.ValueKind == JsonValueKind.Object
                && (!parameters.TryGetProperty("level", out level) || level.ValueKind is JsonValueKind.Null or JsonValueKind.String));
        var parsed = level.ValueKind == JsonValueKind.String ? ParseLevel(level.GetString()) : null;
        if (!valid || (level.ValueKind == JsonValueKind.String && parsed is null))
        {
            await SendAsync(Frames.ErrorResponse(requestId, ErrorCode.InvalidArgument,
                "params must be {\"level\": one of trace, debug, information, warning, error, critical, or null for none}."), sequence);
            return;
        }

        _forwardLevel = parsed;
        await SendAsync(Frames.Response(requestId, Info(), ProtocolJson.Default.SessionInfoResult), sequence);
    }

    private SessionInfoResult Info()
    {
        var record = _record.State;
        return new SessionInfoResult(Id, record.Application, record.Tenant, _state, record.CreatedAt, _resumes, EffectiveForwardLevel()?.ToString());
    }

    /// <summary>
    /// Appends a frame to the outbox; a full outbox closes the session (the bound is the protection).
    /// <paramref name="answers"/> is the client sequence of the request it answers (0 for an event), so
    /// a journal stops counting that request as in flight in the same step. An answer to a request that
    /// changed nothing (<paramref name="mustStore"/> false) need not wait for storage.
    /// </summary>
    private async Task SendAsync(byte[] frame, uint answers = 0, bool mustStore = true)
    {
        var appended = _channel is not { } channel
            || (_journal is { } journal && answers != 0 ? journal.Answer(answers, frame, mustStore) : channel.Outbox.TryAppend(frame, out _));
        if (!appended)
        {
            await CloseSessionAsync(ErrorCode.OutboundBufferFull, OutboundFullReason);
        }
    }

    private const string OutboundFullReason = "The client did not acknowledge messages and the server's buffer for it is full.";
}
