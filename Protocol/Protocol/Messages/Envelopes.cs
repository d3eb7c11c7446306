using System.Text.Json;

namespace OrleansBridge.Protocol.Messages;

/// <summary>The JSON body of a Request: <c>{"method": "...", "params": …}</c>.</summary>
public sealed record RequestEnvelope(string Method, JsonElement Params);

/// <summary>The JSON body of a successful Response: <c>{"result": …}</c>.</summary>
public sealed record ResponseEnvelope(JsonElement Result);

/// <summary>The JSON body of an Event: <c>{"event": "...", "data": …}</c>.</summary>
public sealed record EventEnvelope(string Event, JsonElement Data);
