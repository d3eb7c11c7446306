using System.Text.Json.Serialization;
using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>Source-generated JSON for the snapshot grain's persisted state.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(SnapshotCatalogRecord))]
internal sealed partial class SnapshotStateJson : JsonSerializerContext;
