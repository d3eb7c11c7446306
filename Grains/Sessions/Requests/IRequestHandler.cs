using System.Text.Json;
using OrleansBridge.Protocol;

namespace OrleansBridge.Sessions.Requests;

/// <summary>
/// A method a client can call. Runs outside the session's turn, so it may take its time; the
/// session counts its request bytes as in flight until it returns. Handlers are singletons.
/// </summary>
public interface IRequestHandler
{
    /// <summary>The method name, e.g. <c>echo</c>.</summary>
    string Method { get; }

    /// <summary>Handles one request. Expected failures are returned as an error result, not thrown.</summary>
    ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken);
}

/// <summary>Who is calling.</summary>
public readonly record struct RequestContext(string SessionId, string Application, string Tenant, TimeProvider Time);

/// <summary>A request's outcome: a JSON result, or an error code with a message and optional structured details.</summary>
public readonly record struct RequestResult(ErrorCode Error, string? Message, JsonElement Result, JsonElement? Details = null)
{
    /// <summary>A successful result.</summary>
    public static RequestResult Ok(JsonElement result) => new(ErrorCode.None, null, result);

    /// <summary>A failed result.</summary>
    public static RequestResult Fail(ErrorCode error, string message, JsonElement? details = null) => new(error, message, default, details);
}
