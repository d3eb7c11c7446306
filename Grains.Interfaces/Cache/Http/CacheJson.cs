using System.Text.Json.Serialization;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Cache.Http;

/// <summary>Source-generated JSON for the cache server's bodies: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16)]
[JsonSerializable(typeof(CacheListBody))]
[JsonSerializable(typeof(CacheHashesBody))]
[JsonSerializable(typeof(ErrorBody))]
public sealed partial class CacheJson : JsonSerializerContext;
