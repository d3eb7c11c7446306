using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;
using OrleansBridge.Scene;

namespace OrleansBridge.Storage;

/// <summary>
/// How grain states are written, in the folder and in Azure blobs alike: JSON through the product's
/// source-generated contexts (camelCase, no reflection), so a record reads the same in every store and
/// by hand. A state type no context knows is a programming error, reported at its first use.
/// </summary>
public sealed class BridgeStateSerializer : IGrainStorageSerializer
{
    /// <summary>The one instance.</summary>
    public static readonly BridgeStateSerializer Instance = new();

    private BridgeStateSerializer()
    {
    }

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input!, TypeInfo<T>.Value));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize(input.ToMemory().Span, TypeInfo<T>.Value)
            ?? throw new InvalidDataException($"A stored {typeof(T).Name} is JSON null.");
    }

    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value =
            (JsonTypeInfo<T>?)(GrainsJson.Default.GetTypeInfo(typeof(T)) ?? SceneStateJson.Default.GetTypeInfo(typeof(T)) ?? SnapshotStateJson.Default.GetTypeInfo(typeof(T)))
            ?? throw new InvalidOperationException($"No JSON context of the grains knows {typeof(T)}; add it to GrainsJson.");
    }
}
