using System.Text.Json.Serialization;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Cache.Admin;

/// <summary>Source-generated JSON of the cache admin endpoints: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16)]
[JsonSerializable(typeof(CacheGcReport))]
[JsonSerializable(typeof(CacheStatsReport))]
[JsonSerializable(typeof(ErrorBody))]
public sealed partial class CacheAdminJson : JsonSerializerContext;
