using System.Text.Json.Serialization;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Cache.Http;

/// <summary>Source-generated JSON of the cache's HTTP surfaces (cache server, bridge admin endpoints): camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16)]
[JsonSerializable(typeof(CacheListBody))]
[JsonSerializable(typeof(CacheHashesBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Admin.CacheGcReport))]
[JsonSerializable(typeof(Admin.CacheStatsReport))]
public sealed partial class CacheJson : JsonSerializerContext;
