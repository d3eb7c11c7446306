using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Hosting;

namespace OrleansBridge.Storage;

/// <summary>
/// Binds a grain's state records to the configured <see cref="IGrainStorage"/> (a folder, or Azure
/// blobs with leases). Grains ask for their records in their constructors, by state name and key.
/// </summary>
public sealed class GrainStates(IGrainStorage storage)
{
    /// <summary>The storage the records live in.</summary>
    public IGrainStorage Storage { get; } = storage;

    /// <summary>The record <paramref name="stateName"/>/<paramref name="key"/>, not read yet.</summary>
    public IPersistentState<TState> Bind<TState>(string stateName, string key, JsonTypeInfo<TState> typeInfo)
        where TState : class => new PersistentState<TState>(Storage, stateName, key, typeInfo);
}
