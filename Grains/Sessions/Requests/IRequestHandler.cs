using System.Text.Json;

namespace OrleansBridge.Sessions.Requests;

/// <summary>
/// A method a client can call. Runs outside the session's turn, so it may take its time; the
/// session counts its request bytes as in flight until it returns. Handlers are singletons.
/// </summary>
public interface IRequestHandler
{
    /// <summary>The method name, e.g. <c>echo</c>.</summary>
    string Method { get; }

    /// <summary>
    /// False when running the request changes nothing and running it again is harmless (<c>echo</c>):
    /// with shared grain storage its answer may be sent before it is stored (docs/protocol.md §5.5).
    /// </summary>
    bool ChangesState => true;

    /// <summary>Handles one request. Expected failures are returned as an error result, not thrown.</summary>
    ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken);
}

/// <summary>Who is calling, and the raw bulk part of a request sent with the Bulk flag.</summary>
/// <param name="SessionId">The calling session.</param>
/// <param name="Application">The session's application.</param>
/// <param name="Tenant">The session's tenant.</param>
/// <param name="Time">The server's clock.</param>
/// <param name="Bulk">
/// The raw bytes after the JSON part of a Bulk request (docs/protocol.md §2.2); empty otherwise. They
/// live in the connection's receive buffer, which is reused for the next message: they are valid only
/// until <see cref="IRequestHandler.HandleAsync"/> returns (its synchronous part). Copy what must outlive it.
/// </param>
/// <param name="Sequence">The request's client sequence number (kept with effects that must not be applied twice).</param>
/// <param name="ReceivedAt">When the gateway read the request, on <paramref name="Time"/>'s clock; 0 when unknown.</param>
public readonly record struct RequestContext(string SessionId, string Application, string Tenant, TimeProvider Time, ReadOnlyMemory<byte> Bulk = default, uint Sequence = 0, long ReceivedAt = 0);

/// <summary>A request's outcome: a JSON result, or an error code with a message and optional structured details.</summary>
public readonly record struct RequestResult(ErrorCode Error, string? Message, JsonElement Result, JsonElement? Details = null)
{
    /// <summary>A successful result.</summary>
    public static RequestResult Ok(JsonElement result) => new(ErrorCode.None, null, result);

    /// <summary>A successful result serialised with source-generated JSON.</summary>
    public static RequestResult Ok<T>(T result, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        new(ErrorCode.None, null, JsonSerializer.SerializeToElement(result, info));

    /// <summary>A failed result.</summary>
    public static RequestResult Fail(ErrorCode error, string message, JsonElement? details = null) => new(error, message, default, details);
}
