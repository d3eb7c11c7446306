using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Hosting;

namespace OrleansBridge.Silo.Hosting;

/// <summary>The host's side of one activation: timers, lifetime requests, state.</summary>
internal sealed class GrainContext : IGrainContext
{
    private readonly GrainHost _host;
    private readonly List<IDisposable> _timers = [];
    private GrainActivation? _activation;

    public GrainContext(GrainHost host, string key)
    {
        _host = host;
        Key = key;
    }

    public string Key { get; }

    public IGrainFactory GrainFactory => _host;

    public TimeProvider Time => _host.Time;

    /// <summary>Set by <see cref="DeactivateOnIdle"/>; the host deactivates after the current turn.</summary>
    public bool DeactivationRequested { get; private set; }

    /// <summary>The time before which idle deactivation is held off (<see cref="DateTimeOffset.MaxValue"/> for indefinitely).</summary>
    public DateTimeOffset KeepAliveUntil { get; private set; }

    public void Bind(GrainActivation activation) => _activation = activation;

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var activation = _activation ?? throw new InvalidOperationException("Timers can be registered once the grain is activated.");
        var timer = new GrainTimer(_host, activation, callback, dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    public void DeactivateOnIdle()
    {
        DeactivationRequested = true;
        KeepAliveUntil = default;
    }

    public void DelayDeactivation(TimeSpan timeSpan) =>
        KeepAliveUntil = timeSpan == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : Time.GetUtcNow() + timeSpan;

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, JsonTypeInfo<TState> typeInfo)
        where TState : class =>
        new PersistentState<TState>(_host.Storage, stateName, Key, typeInfo);

    public void DisposeTimers()
    {
        lock (_timers)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }
}
