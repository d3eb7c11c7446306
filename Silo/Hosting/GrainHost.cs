using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansBridge.Hosting;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// The in-process grain host (docs/architecture.md §Grains): activates grains on first call, runs
/// one turn at a time per activation, deactivates idle ones, and has no networking of its own.
/// The shapes follow Orleans so that moving onto it is mechanical.
/// </summary>
internal sealed partial class GrainHost : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<GrainId, object> _references = new();
    private readonly Dictionary<Type, Type> _implementations;
    private readonly IServiceProvider _services;
    private readonly GrainHostOptions _options;
    private readonly ILogger<GrainHost> _logger;
    private readonly ITimer _sweeper;

    public GrainHost(
        IEnumerable<GrainRegistration> registrations,
        IServiceProvider services,
        IGrainStorage storage,
        TimeProvider time,
        IOptions<GrainHostOptions> options,
        ILogger<GrainHost> logger)
    {
        _implementations = registrations.ToDictionary(r => r.Interface, r => r.Implementation);
        _services = services;
        Storage = storage;
        Time = time;
        _options = options.Value;
        _logger = logger;
        _sweeper = time.CreateTimer(static s => ((GrainHost)s!).SweepIdle(), this, _options.IdleCheckInterval, _options.IdleCheckInterval);
    }

    public TimeProvider Time { get; }

    public IGrainStorage Storage { get; }

    /// <summary>How many activations are live (for metrics and tests).</summary>
    public int ActivationCount => _activations.Count;

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : class, IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_implementations.ContainsKey(typeof(TGrain)))
        {
            throw new InvalidOperationException($"No grain class is registered for {typeof(TGrain).Name}.");
        }

        var id = new GrainId(typeof(TGrain), key);
        return (TGrain)_references.GetOrAdd(id, static (id, host) => GrainReference.For<TGrain>(host, id), this);
    }

    /// <summary>Runs one call as a turn of the grain's activation, activating it first when needed.</summary>
    public async Task<TResult> RunTurnAsync<TResult>(GrainId id, Func<object, Task<TResult>> call)
    {
        while (true)
        {
            var activation = _activations.GetOrAdd(id, static (id, host) => host.NewActivation(id), this);
            await activation.Gate.WaitAsync();
            try
            {
                if (activation.Deactivated)
                {
                    continue; // Raced with deactivation: the next loop finds or makes a fresh activation.
                }

                if (activation.Instance is null)
                {
                    await ActivateAsync(activation);
                }

                return await call(activation.Instance!);
            }
            finally
            {
                await EndTurnAsync(activation);
            }
        }
    }

    /// <summary>Runs a timer tick as a turn; a tick for a deactivated grain is dropped.</summary>
    public async Task RunTimerTurnAsync(GrainActivation activation, GrainTimer timer, Func<CancellationToken, Task> callback)
    {
        await activation.Gate.WaitAsync();
        try
        {
            if (!activation.Deactivated && !timer.IsDisposed)
            {
                await callback(CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            LogTimerFailed(ex, activation.Id);
        }
        finally
        {
            await EndTurnAsync(activation);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        foreach (var activation in _activations.Values)
        {
            await activation.Gate.WaitAsync();
            try
            {
                await DeactivateAsync(activation);
            }
            finally
            {
                activation.Gate.Release();
            }
        }
    }

    private GrainActivation NewActivation(GrainId id)
    {
        var context = new GrainContext(this, id.Key);
        var activation = new GrainActivation(id, context);
        context.Bind(activation);
        return activation;
    }

    private async Task ActivateAsync(GrainActivation activation)
    {
        try
        {
            var implementation = _implementations[activation.Id.Interface];
            var instance = ActivatorUtilities.CreateInstance(_services, implementation, activation.Context);
            if (instance is IGrainBase lifecycle)
            {
                await lifecycle.OnActivateAsync(CancellationToken.None);
            }

            activation.Instance = instance;
            LogActivated(activation.Id);
        }
        catch (Exception ex)
        {
            // A failed activation is discarded whole; the next call tries afresh.
            LogActivationFailed(ex, activation.Id);
            activation.Deactivated = true;
            activation.Context.DisposeTimers();
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
            throw;
        }
    }

    private async Task EndTurnAsync(GrainActivation activation)
    {
        try
        {
            Volatile.Write(ref activation.LastUsed, Time.GetTimestamp());
            if (activation.Context.DeactivationRequested && !activation.Deactivated)
            {
                await DeactivateAsync(activation);
            }
        }
        finally
        {
            activation.Gate.Release();
        }
    }

    private async Task DeactivateAsync(GrainActivation activation)
    {
        if (activation.Deactivated)
        {
            return;
        }

        activation.Deactivated = true;
        activation.Context.DisposeTimers();
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
        if (activation.Instance is IGrainBase lifecycle)
        {
            try
            {
                await lifecycle.OnDeactivateAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogTimerFailed(ex, activation.Id);
            }
        }

        (activation.Instance as IDisposable)?.Dispose();
        LogDeactivated(activation.Id);
    }

    private void SweepIdle()
    {
        var now = Time.GetTimestamp();
        foreach (var activation in _activations.Values)
        {
            var idle = Time.GetElapsedTime(Volatile.Read(ref activation.LastUsed), now);
            if (idle < _options.IdleTimeout || activation.Context.KeepAliveUntil > Time.GetUtcNow() || !activation.Gate.Wait(0))
            {
                continue;
            }

            _ = DeactivateIdleAsync(activation);
        }
    }

    private async Task DeactivateIdleAsync(GrainActivation activation)
    {
        try
        {
            await DeactivateAsync(activation);
        }
        finally
        {
            activation.Gate.Release();
        }
    }
}
