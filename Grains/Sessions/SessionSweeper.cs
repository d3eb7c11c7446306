using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBridge.Logging;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions;

/// <summary>
/// Closes the sessions a previous run of this server left behind (a crash, a stop that left them
/// PENDING) without waiting for their clients to address them: their records, scenes and cache pins
/// would otherwise stay forever. With one silo's own storage (folder), every session record found at
/// start belongs to an activation that is gone; activating its grain closes it (the stale path of
/// <see cref="SessionGrain"/>). With storage shared by the silos of a cluster, a record may belong to a
/// live session on another silo, so instead every <see cref="Ownership.SessionOwnershipOptions.SweepInterval"/>
/// each stored session is asked to adopt itself (<see cref="ISessionGrain.AdoptAsync"/>): a session
/// served somewhere answers at once; one that nobody serves becomes PENDING here for one grace window.
/// </summary>
internal sealed partial class SessionSweeper : IHostedService, IDisposable
{
    private readonly GrainStorageSetup _storage;
    private readonly IGrainFactory _grains;
    private readonly ILogger<SessionSweeper> _logger;
    private readonly bool _enabled;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<int> _swept = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    public SessionSweeper(GrainStorageSetup storage, IGrainFactory grains, IOptions<Ownership.SessionOwnershipOptions> options, TimeProvider time, ILogger<SessionSweeper> logger)
    {
        _enabled = options.Value.SweepAtStart;
        _interval = options.Value.SweepInterval;
        _time = time;
        _storage = storage;
        _grains = grains;
        _logger = logger;
    }

    /// <summary>Completes with the number of sessions closed once the sweep at start is done (0 when storage is shared or the sweep is off).</summary>
    public Task<int> Swept => _swept.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // In the background: start does not wait for a folder of records.
        _ = Task.Run(_storage.Shared ? AdoptLoopAsync : SweepAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();

    /// <summary>Shared storage: adopts the sessions nobody serves, at start and every interval, until the host stops.</summary>
    private async Task AdoptLoopAsync()
    {
        _swept.TrySetResult(0);
        if (_interval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (true)
            {
                var adopted = 0;
                try
                {
                    await foreach (var sessionId in _storage.Listing.ListKeysAsync("session", _stopping.Token))
                    {
                        if (await _grains.GetGrain<ISessionGrain>(sessionId).AdoptAsync())
                        {
                            adopted++;
                        }
                    }

                    if (adopted > 0)
                    {
                        LogAdopted(adopted);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogAdoptFailed(ex); // storage or a silo unreachable: the next round tries again
                }

                await Task.Delay(_interval, _time, _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    private async Task SweepAsync()
    {
        if (!_enabled || _storage.Shared)
        {
            _swept.TrySetResult(0);
            return;
        }

        var closed = 0;
        try
        {
            await foreach (var sessionId in _storage.Listing.ListKeysAsync("session", _stopping.Token))
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

    [LoggerMessage(EventId = LogEvents.SessionsAdopted, Level = LogLevel.Information, Message = "Adopted {Count} stored session(s) that no silo served; each closes after its grace window unless its client resumes")]
    private partial void LogAdopted(int count);

    [LoggerMessage(EventId = LogEvents.SessionsAdopted, Level = LogLevel.Warning, Message = "Looking for stored sessions that no silo serves failed; trying again at the next interval")]
    private partial void LogAdoptFailed(Exception exception);

    [LoggerMessage(EventId = LogEvents.SessionsSwept, Level = LogLevel.Information, Message = "Closed {Count} session(s) left behind by an earlier run of this server")]
    private partial void LogSwept(int count);

    [LoggerMessage(EventId = LogEvents.SessionsSwept, Level = LogLevel.Error, Message = "Sweeping the sessions left behind by an earlier run failed")]
    private partial void LogSweepFailed(Exception exception);
}
