using System.Text.Json;
using OrleansBridge.Protocol;

namespace OrleansBridge.Client;

/// <summary>A request's answer as a value: a result, or an error code with its message.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">The server's message on error.</param>
/// <param name="Result">The result on success.</param>
/// <param name="Details">Structured detail of an error when the method defines one (e.g. a refused commit's problems).</param>
public readonly record struct BridgeResponse(ErrorCode Error, string? Message, JsonElement Result, JsonElement? Details = null)
{
    /// <summary>True when the request succeeded.</summary>
    public bool IsSuccess => Error == ErrorCode.None;
}
