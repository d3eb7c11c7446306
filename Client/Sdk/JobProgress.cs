using System.Text.Json;

namespace OrleansBridge.Client;

/// <summary>A running job's progress, as the server pushed it (docs/protocol.md §6.5).</summary>
/// <param name="Progress">0..1.</param>
/// <param name="Message">A line for people, or null.</param>
/// <param name="Partial">A partial result, or null.</param>
public readonly record struct JobProgress(double Progress, string? Message, JsonElement? Partial);
