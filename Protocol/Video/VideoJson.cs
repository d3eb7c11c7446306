using System.Text.Json.Serialization;

namespace OrleansBridge.Video;

/// <summary>Source-generated JSON of video messages: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VideoSettingsParams))]
[JsonSerializable(typeof(VideoContextParams))]
[JsonSerializable(typeof(VideoContextResult))]
[JsonSerializable(typeof(VideoFrameInfo))]
[JsonSerializable(typeof(VideoProgressEvent))]
[JsonSerializable(typeof(VideoErrorEvent))]
public sealed partial class VideoJson : JsonSerializerContext;
