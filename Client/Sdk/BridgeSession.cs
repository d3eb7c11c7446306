using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Protocol.Transport;

namespace OrleansBridge.Client;

/// <summary>
/// A session with the server over one WebSocket at a time. Requests are sequenced and kept until the
/// server acknowledges them; after a drop the session reconnects with backoff and resumes, replaying
/// exactly what the server had not received, and ignoring what it receives twice.
/// Partials: <c>.Resume</c> (connect, handshake, reconnect), <c>.Connection</c> (one socket), <c>.Receive</c> (inbound frames).
/// </summary>
public sealed partial class BridgeSession : IAsyncDisposable
{
    private readonly Uri _url;
    private readonly string _token;
    private readonly BridgeClientOptions _options;
    private readonly Outbox _outbox;
    private readonly InboundSequence _inbound = new();
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly TaskCompletionSource<SessionEnd> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _stateGate = new();
    private ByteBudget _inFlight = new(long.MaxValue);
    private string _resumeToken = string.Empty;
    private ClientState _state = ClientState.Connecting;
    private Connection? _current;
    private Task _run = Task.CompletedTask;
    private int _nextRequestId;
    private int _closeRequested;
    private int _started;
    private int _finished;

    internal BridgeSession(Uri url, string token, BridgeClientOptions options)
    {
        _url = url;
        _token = token;
        _options = options;
        _outbox = new Outbox(options.MaxOutboundBytes, int.MaxValue);
    }

    /// <summary>Raised on every client-side state change, on the SDK's thread: keep handlers short.</summary>
    public event Action<ClientStateChange>? StateChanged;

    /// <summary>Raised for each <c>session.state</c> event the server pushes.</summary>
    public event Action<SessionStateEvent>? ServerStateChanged;

    /// <summary>Raised for each forwarded server log line (see <see cref="SetLogLevelAsync"/>).</summary>
    public event Action<LogEvent>? LogReceived;

    /// <summary>Raised for every other server event.</summary>
    public event Action<string, JsonElement>? EventReceived;

    /// <summary>The session's id.</summary>
    public string SessionId { get; private set; } = string.Empty;

    /// <summary>The protocol version the server chose.</summary>
    public int ProtocolVersion { get; private set; }

    /// <summary>The tenant the token belongs to.</summary>
    public string Tenant { get; private set; } = string.Empty;

    /// <summary>The limits the server enforces.</summary>
    public SessionLimits? Limits { get; private set; }

    /// <summary>What the server offers.</summary>
    public IReadOnlyList<string> Capabilities { get; private set; } = [];

    /// <summary>
    /// The secret that proves ownership of the session when resuming. Keep it like a password; an
    /// application may store it to resume from another process within the grace window.
    /// </summary>
    public string ResumeToken => _resumeToken;

    /// <summary>The highest server sequence number received in order (what a resume starts after).</summary>
    public uint LastReceivedSequence => _inbound.LastDelivered;

    /// <summary>How many times the session resumed after a drop.</summary>
    public int Resumes { get; private set; }

    /// <summary>The current state.</summary>
    public ClientState State
    {
        get
        {
            lock (_stateGate)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when the session has ended, with the code and reason.</summary>
    public Task<SessionEnd> Completion => _completion.Task;

    /// <summary>Calls a method; an error from the server is a value, not an exception.</summary>
    public Task<BridgeResponse> SendAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default) =>
        SendAsync(method, parameters, ProtocolJson.Default.JsonElement, cancellationToken);

    /// <summary>Calls a method with typed parameters; an error from the server is a value.</summary>
    public async Task<BridgeResponse> SendAsync<TParams>(string method, TParams parameters, JsonTypeInfo<TParams> parametersInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parametersInfo);
        if (_completion.Task.IsCompleted)
        {
            var end = _completion.Task.Result;
            return new BridgeResponse(end.Code, end.Reason, default);
        }

        var requestId = (uint)Interlocked.Increment(ref _nextRequestId);
        var frame = Frames.Request(requestId, method, parameters, parametersInfo);
        var taken = await _inFlight.TakeAsync(frame.Length, cancellationToken);
        var pending = new PendingRequest(taken);
        _pending[requestId] = pending;
        if (!_outbox.TryAppend(frame, out _))
        {
            Complete(requestId, new BridgeResponse(ErrorCode.OutboundBufferFull, "The client's buffer of unacknowledged requests is full.", default));
        }
        else if (_completion.Task.IsCompleted)
        {
            FailPending(_completion.Task.Result);
        }

        await using var registration = cancellationToken.Register(() => pending.Completion.TrySetCanceled(cancellationToken));
        return await pending.Completion.Task;
    }

    /// <summary>Calls a method and returns its result; throws <see cref="BridgeRequestException"/> on an error code.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(method, parameters, cancellationToken);
        return response.IsSuccess ? response.Result : throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
    }

    /// <summary>Asks the server to forward its log lines from <paramref name="level"/> up (null for none).</summary>
    public async Task SetLogLevelAsync(string? level, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("session.logs", new SetLogLevelParams(level), ProtocolJson.Default.SetLogLevelParams, cancellationToken);
        if (!response.IsSuccess)
        {
            throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
        }
    }

    /// <summary>Ends the session on the server (CLOSED at once) and closes the socket.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            if (Volatile.Read(ref _current) is { } connection)
            {
                // Requests already queued go out first; the server answers them before its own Close.
                connection.Sender.RequestClose(new CloseFrame(
                    ErrorCode.SessionClosed, "The client closed the session.", System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, FlushOutbox: true));
            }
            else
            {
                Finish(new SessionEnd(ErrorCode.SessionClosed, "The client closed the session while disconnected."));
            }
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5), _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await _completion.Task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Finish(new SessionEnd(ErrorCode.SessionClosed, "The server did not confirm the close in time."));
        }
    }

    /// <summary>Closes the session if still open and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completion.Task.IsCompleted && State == ClientState.Connected)
        {
            await CloseAsync();
        }

        Finish(new SessionEnd(ErrorCode.SessionClosed, "The session was disposed."));
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopped by Finish.
        }

        _lifetime.Dispose();
    }

    private void Complete(uint requestId, BridgeResponse response)
    {
        if (_pending.TryRemove(requestId, out var pending))
        {
            _inFlight.Release(pending.Bytes);
            pending.Completion.TrySetResult(response);
        }
    }

    private void FailPending(SessionEnd end)
    {
        foreach (var requestId in _pending.Keys)
        {
            Complete(requestId, new BridgeResponse(end.Code, end.Reason, default));
        }
    }

    private void Finish(SessionEnd end)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            return;
        }

        // State and pending requests first, so whoever awaits Completion sees them settled.
        SetState(ClientState.Closed, $"{(int)end.Code} {end.Code}: {end.Reason}");
        FailPending(end);
        _completion.TrySetResult(end);
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }

        Volatile.Read(ref _current)?.Abort();
    }

    private void SetState(ClientState next, string reason)
    {
        ClientStateChange change;
        lock (_stateGate)
        {
            if (_state == next || _state == ClientState.Closed)
            {
                return;
            }

            change = new ClientStateChange(next, _state, reason, _options.Time.GetUtcNow());
            _state = next;
        }

        StateChanged?.Invoke(change);
    }

    private sealed class PendingRequest(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource<BridgeResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
