using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Protocol;

/// <summary>
/// Source-generated JSON for every control body: camelCase names, nulls omitted, no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = 64)]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(Welcome))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(RequestEnvelope))]
[JsonSerializable(typeof(ResponseEnvelope))]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(SessionStateEvent))]
[JsonSerializable(typeof(LogEvent))]
[JsonSerializable(typeof(SetLogLevelParams))]
[JsonSerializable(typeof(SessionInfoResult))]
[JsonSerializable(typeof(CacheQueryParams))]
[JsonSerializable(typeof(CacheQueryResult))]
[JsonSerializable(typeof(CacheUploadParams))]
[JsonSerializable(typeof(CacheUploadResult))]
[JsonSerializable(typeof(CacheCancelParams))]
[JsonSerializable(typeof(CacheCancelResult))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ProtocolJson : JsonSerializerContext;
