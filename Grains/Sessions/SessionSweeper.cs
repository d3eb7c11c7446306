using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBridge.Hosting;
using OrleansBridge.Logging;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions;

/// <summary>
/// Closes the sessions a previous run of this server left behind (a crash, a stop that left them
/// PENDING) without waiting for their clients to address them: their records, scenes and cache pins
/// would otherwise stay forever. With one silo's own storage (folder), every session record found at
/// start belongs to an activation that is gone; activating its grain closes it (the stale path of
/// <see cref="SessionGrain"/>). Storage shared by silos (leases) is not swept here: there a record
/// without a live owner is taken over by the next resume.
/// </summary>
internal sealed partial class SessionSweeper : IHostedService, IDisposable
{
    private readonly GrainStates _states;
    private readonly IGrainFactory _grains;
    private readonly ILogger<SessionSweeper> _logger;
    private readonly bool _enabled;
    private readonly TaskCompletionSource<int> _swept = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    public SessionSweeper(GrainStates states, IGrainFactory grains, IOptions<Ownership.SessionOwnershipOptions> options, ILogger<SessionSweeper> logger)
    {
        _enabled = options.Value.SweepAtStart;
        _states = states;
        _grains = grains;
        _logger = logger;
    }

    /// <summary>Completes with the number of sessions closed once the sweep at start is done (0 when storage is shared or the sweep is off).</summary>
    public Task<int> Swept => _swept.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(SweepAsync, CancellationToken.None); // in the background: start does not wait for a folder of records
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();

    private async Task SweepAsync()
    {
        if (!_enabled || _states.Storage is not IGrainStorageListing listing || _states.Storage is ISharedGrainStorage)
        {
            _swept.TrySetResult(0);
            return;
        }

        var closed = 0;
        try
        {
            await foreach (var sessionId in listing.ListKeysAsync("session", _stopping.Token))
            {
                // Activation closes a record left by an activation that is gone; a live session here is untouched.
                var status = await _grains.GetGrain<ISessionGrain>(sessionId).GetStatusAsync();
                if (status.State == SessionState.Closed)
                {
                    closed++;
                }
            }

            LogSwept(closed);
            _swept.TrySetResult(closed);
        }
        catch (OperationCanceledException)
        {
            _swept.TrySetCanceled();
        }
        catch (Exception ex)
        {
            LogSweepFailed(ex);
            _swept.TrySetException(ex);
        }
    }

    [LoggerMessage(EventId = LogEvents.SessionsSwept, Level = LogLevel.Information, Message = "Closed {Count} session(s) left behind by an earlier run of this server")]
    private partial void LogSwept(int count);

    [LoggerMessage(EventId = LogEvents.SessionsSwept, Level = LogLevel.Error, Message = "Sweeping the sessions left behind by an earlier run failed")]
    private partial void LogSweepFailed(Exception exception);
}
