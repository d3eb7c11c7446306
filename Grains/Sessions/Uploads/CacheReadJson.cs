using System.Text.Json.Serialization;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>Source-generated JSON for <see cref="CacheReadHandler"/>'s result.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CacheReadResult))]
internal sealed partial class CacheReadJson : JsonSerializerContext;
