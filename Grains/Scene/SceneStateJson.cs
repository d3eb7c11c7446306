using System.Text.Json.Serialization;
using OrleansBridge.Cache;

namespace OrleansBridge.Scene;

/// <summary>Source-generated JSON for the scene grain's persisted state.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(SceneRecord))]
internal sealed partial class SceneStateJson : JsonSerializerContext;
