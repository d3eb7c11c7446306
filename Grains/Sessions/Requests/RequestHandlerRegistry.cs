using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace OrleansBridge.Sessions.Requests;

/// <summary>The request handlers of the server, by method name.</summary>
public sealed class RequestHandlerRegistry
{
    private readonly FrozenDictionary<string, IRequestHandler> _handlers;

    /// <summary>Indexes the registered handlers; two handlers for one method is a configuration error.</summary>
    public RequestHandlerRegistry(IEnumerable<IRequestHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byMethod = new Dictionary<string, IRequestHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!byMethod.TryAdd(handler.Method, handler))
            {
                throw new InvalidOperationException($"Two request handlers are registered for method '{handler.Method}'.");
            }
        }

        _handlers = byMethod.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The registered method names.</summary>
    public IEnumerable<string> Methods => _handlers.Keys;

    /// <summary>Finds the handler of a method.</summary>
    public bool TryGet(string method, [NotNullWhen(true)] out IRequestHandler? handler) =>
        _handlers.TryGetValue(method, out handler);
}
