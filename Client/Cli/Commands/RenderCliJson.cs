using System.Text.Json.Serialization;

namespace OrleansBridge.Cli.Commands;

/// <summary>Source-generated JSON of the render commands' <c>--json</c> output.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(RenderOutput))]
internal sealed partial class RenderCliJson : JsonSerializerContext;
