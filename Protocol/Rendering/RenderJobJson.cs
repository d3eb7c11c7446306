using System.Text.Json.Serialization;
using OrleansBridge.Cache;

namespace OrleansBridge.Rendering;

/// <summary>Source-generated JSON of the <c>render.still</c> job's input, progress partials and result (shared by server and SDK).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(RenderStillInput))]
[JsonSerializable(typeof(RenderStillResult))]
[JsonSerializable(typeof(RenderStillProgress))]
public sealed partial class RenderJobJson : JsonSerializerContext;
