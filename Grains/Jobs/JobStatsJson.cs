using System.Text.Json.Serialization;

namespace OrleansBridge.Jobs;

/// <summary>Source-generated JSON of the built-in jobs' inputs and results.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SceneStats))]
[JsonSerializable(typeof(BandwidthTestInput))]
[JsonSerializable(typeof(BandwidthTestResult))]
internal sealed partial class JobStatsJson : JsonSerializerContext;
