using System.Text.Json;

namespace OrleansBridge.Sessions.Requests;

/// <summary>A request handler made of a method name and a function, for families of small methods.</summary>
public sealed class DelegateRequestHandler : IRequestHandler
{
    private readonly Func<RequestContext, JsonElement, CancellationToken, ValueTask<RequestResult>> _handle;

    /// <summary>Creates the handler.</summary>
    public DelegateRequestHandler(string method, Func<RequestContext, JsonElement, CancellationToken, ValueTask<RequestResult>> handle)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        Method = method;
        _handle = handle ?? throw new ArgumentNullException(nameof(handle));
    }

    /// <inheritdoc />
    public string Method { get; }

    /// <inheritdoc />
    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken) =>
        _handle(context, parameters, cancellationToken);
}
