using System.Text.Json.Serialization;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Sessions;

namespace OrleansBridge;

/// <summary>Source-generated JSON for persisted grain state.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionRecord))]
[JsonSerializable(typeof(ApplicationRecord))]
[JsonSerializable(typeof(CacheLedgerRecord))]
[JsonSerializable(typeof(OrleansBridge.Video.VideoGrainRecord))]
[JsonSerializable(typeof(OrleansBridge.Storage.ReadinessProbeRecord))]
internal sealed partial class GrainsJson : JsonSerializerContext;
