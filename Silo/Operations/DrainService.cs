using Microsoft.Extensions.Options;
using OrleansBridge.Gateway;
using OrleansBridge.Logging;
using OrleansBridge.Sessions;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Silo.Operations;

/// <summary>
/// Graceful drain when the host stops (SIGTERM, Ctrl+C): from the first moment, upgrades are refused
/// with 4307 and <c>/readyz</c> says "draining"; then the sessions here are handed off (their state
/// stored and their leases released, their clients closed with 4306 so they resume on another silo
/// at once) — or, with single-silo storage, their connections closed with 4112 as before — and the
/// drain waits, at most <c>Bridge:DrainTimeout</c>, for the connections to end. It runs in
/// <see cref="IHostedLifecycleService.StoppingAsync"/>, before any service stops, so Kestrel still
/// serves while the Close frames go out.
/// </summary>
internal sealed partial class DrainService : IHostedLifecycleService
{
    private readonly GatewayDrain _drain;
    private readonly GatewayConnections _connections;
    private readonly ISessionHandOff? _handOff;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ILogger<DrainService> _logger;

    public DrainService(GatewayDrain drain, GatewayConnections connections, IOptions<BridgeOptions> options, TimeProvider time, ILogger<DrainService> logger, ISessionHandOff? handOff = null)
    {
        _drain = drain;
        _connections = connections;
        _handOff = handOff;
        _time = time;
        _timeout = options.Value.DrainTimeout;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _drain.Begin();
        var started = _time.GetTimestamp();
        LogStarted(_connections.Count, _timeout.TotalSeconds);
        using var bounded = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bounded.Token, cancellationToken);
        var handedOff = 0;
        try
        {
            if (_handOff is not null)
            {
                handedOff = await _handOff.HandOffAllAsync(linked.Token);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Out of time: what is left is closed below.
        }

        _connections.CloseAll(); // whatever is still attached (single-silo storage, or sessions not handed off in time)
        try
        {
            await _connections.WaitForNoneAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Bounded: the host aborts what remains.
        }

        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        LogFinished(handedOff, _connections.Count, elapsed);
    }

    [LoggerMessage(EventId = LogEvents.DrainStarted, Level = LogLevel.Information, Message = "Draining: {Connections} connection(s), at most {Seconds} s; new connections are refused with 4307")]
    private partial void LogStarted(int connections, double seconds);

    [LoggerMessage(EventId = LogEvents.DrainFinished, Level = LogLevel.Information, Message = "Drain finished: {HandedOff} session(s) handed off, {Left} connection(s) left, {Milliseconds:0} ms")]
    private partial void LogFinished(int handedOff, int left, double milliseconds);
}
