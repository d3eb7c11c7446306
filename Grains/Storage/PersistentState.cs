using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Hosting;

namespace OrleansBridge.Storage;

/// <summary>A grain's state record bound to the configured <see cref="IGrainStorage"/>, with ETag bookkeeping.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>
    where TState : class
{
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly string _key;
    private readonly JsonTypeInfo<TState> _typeInfo;

    public PersistentState(IGrainStorage storage, string stateName, string key, JsonTypeInfo<TState> typeInfo)
    {
        _storage = storage;
        _stateName = stateName;
        _key = key;
        _typeInfo = typeInfo;
    }

    public TState? State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_stateName, _key, cancellationToken);
        State = record is null ? null : JsonSerializer.Deserialize(record.Data.Span, _typeInfo);
        Etag = record?.Etag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var state = State ?? throw new InvalidOperationException("Set State before writing it; use ClearStateAsync to delete.");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, _typeInfo);
        Etag = await _storage.WriteAsync(_stateName, _key, bytes, Etag, cancellationToken);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        if (Etag is not null)
        {
            await _storage.DeleteAsync(_stateName, _key, Etag, cancellationToken);
        }

        State = null;
        Etag = null;
    }
}
