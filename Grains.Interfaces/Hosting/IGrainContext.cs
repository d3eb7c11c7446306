using System.Text.Json.Serialization.Metadata;

namespace OrleansBridge.Hosting;

/// <summary>What the grain host gives each activation: identity, time, timers, state and lifetime control.</summary>
public interface IGrainContext
{
    /// <summary>The grain's key.</summary>
    string Key { get; }

    /// <summary>References to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The clock; tests substitute a manual one.</summary>
    TimeProvider Time { get; }

    /// <summary>
    /// Runs <paramref name="callback"/> as a turn of this grain after <paramref name="dueTime"/>, then
    /// every <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/> for once). Dispose to stop.
    /// </summary>
    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    /// <summary>Deactivates the grain when the current turn ends.</summary>
    void DeactivateOnIdle();

    /// <summary>Keeps the grain active despite idleness for this long; <see cref="Timeout.InfiniteTimeSpan"/> until <see cref="DeactivateOnIdle"/>.</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>A persisted state record of this grain, stored through the configured grain storage.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, JsonTypeInfo<TState> typeInfo)
        where TState : class;
}
