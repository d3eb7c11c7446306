using System.Text.Json;
using OrleansBridge.Protocol;

namespace OrleansBridge.Client;

/// <summary>A request's answer as a value: a result, or an error code with its message.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">The server's message on error.</param>
/// <param name="Result">The result on success.</param>
public readonly record struct BridgeResponse(ErrorCode Error, string? Message, JsonElement Result)
{
    /// <summary>True when the request succeeded.</summary>
    public bool IsSuccess => Error == ErrorCode.None;
}
