using System.Text.Json.Serialization;
using OrleansBridge.Cli.Commands;

namespace OrleansBridge.Cli;

/// <summary>Source-generated JSON for the tool's <c>--json</c> output.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InfoOutput))]
[JsonSerializable(typeof(ErrorOutput))]
[JsonSerializable(typeof(TokenOutput))]
[JsonSerializable(typeof(UploadOutput))]
[JsonSerializable(typeof(StreamOutput))]
internal sealed partial class CliJson : JsonSerializerContext;

/// <summary>The <c>--json</c> output of any command that was refused or failed.</summary>
internal sealed record ErrorOutput(ErrorDetail Error);

/// <summary>An error's code (0 when not a protocol error), name and reason.</summary>
internal sealed record ErrorDetail(int Code, string Name, string Reason);
