using System.Text.Json.Serialization;
using OrleansBridge.Cache;

namespace OrleansBridge.Scene.Snapshots;

/// <summary>Source-generated JSON of the snapshot messages and files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(SnapshotInfo))]
[JsonSerializable(typeof(SnapshotFile))]
[JsonSerializable(typeof(SnapshotSaveParams))]
[JsonSerializable(typeof(SnapshotNameParams))]
[JsonSerializable(typeof(SnapshotImportParams))]
[JsonSerializable(typeof(SnapshotListResult))]
public sealed partial class SnapshotJson : JsonSerializerContext;
