using System.Text.Json.Serialization;

namespace OrleansBridge.Protocol.Messages;

/// <summary>Source-generated JSON of <c>cache.download</c> (byte arrays travel as base64).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CacheDownloadParams))]
[JsonSerializable(typeof(CacheDownloadResult))]
public sealed partial class CacheDownloadJson : JsonSerializerContext;
