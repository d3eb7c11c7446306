using System.Text.Json.Serialization;

namespace OrleansBridge.Jobs;

/// <summary>Source-generated JSON of job messages: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobSubmitParams))]
[JsonSerializable(typeof(JobSubmitResult))]
[JsonSerializable(typeof(JobCancelParams))]
[JsonSerializable(typeof(JobProgressEvent))]
[JsonSerializable(typeof(JobCompletedEvent))]
[JsonSerializable(typeof(JobFailedEvent))]
[JsonSerializable(typeof(string))]
public sealed partial class JobJson : JsonSerializerContext;
