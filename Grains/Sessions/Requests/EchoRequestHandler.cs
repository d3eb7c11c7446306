using System.Text.Json;

namespace OrleansBridge.Sessions.Requests;

/// <summary>
/// <c>echo</c>: returns its parameters unchanged (docs/protocol.md §6). With <c>"delayMs": n</c>
/// (0–60000) the answer waits that long on the server's clock, which makes pipelining, in-flight
/// limits and resume observable.
/// </summary>
public sealed class EchoRequestHandler : IRequestHandler
{
    private const int MaxDelayMs = 60_000;

    /// <inheritdoc />
    public string Method => "echo";

    /// <inheritdoc />
    public bool ChangesState => false;

    /// <inheritdoc />
    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("delayMs", out var delay))
        {
            if (delay.ValueKind != JsonValueKind.Number || !delay.TryGetInt32(out var ms) || ms is < 0 or > MaxDelayMs)
            {
                return ValueTask.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument, $"delayMs must be an integer from 0 to {MaxDelayMs}."));
            }

            if (ms > 0)
            {
                return DelayedAsync(context.Time, ms, parameters, cancellationToken);
            }
        }

        return ValueTask.FromResult(RequestResult.Ok(parameters));
    }

    private static async ValueTask<RequestResult> DelayedAsync(TimeProvider time, int ms, JsonElement parameters, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(ms), time, cancellationToken);
        return RequestResult.Ok(parameters);
    }
}
