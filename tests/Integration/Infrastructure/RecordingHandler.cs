using System.Collections.Concurrent;
using System.Text.Json;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// A real request handler (<c>record</c>) that remembers every <c>n</c> it applied, in order, and
/// signals when a chosen one arrives: proof on the server side that nothing is applied twice.
/// </summary>
public sealed class RecordingHandler : IRequestHandler
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _signals = new();

    public string Method => "record";

    public ConcurrentQueue<int> Applied { get; } = new();

    /// <summary>Completes when the request with this <c>n</c> has been applied.</summary>
    public Task Reached(int n) => _signals.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var n = parameters.GetProperty("n").GetInt32();
        Applied.Enqueue(n);
        _signals.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return ValueTask.FromResult(RequestResult.Ok(parameters));
    }
}
