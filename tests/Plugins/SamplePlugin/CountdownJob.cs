using System.Text.Json;
using OrleansBridge.Jobs;
using OrleansBridge.Protocol;

namespace OrleansBridge.Tests.SamplePlugin;

/// <summary>
/// <c>sample.countdown</c>: reports <c>steps</c> progress events, then waits <c>waitMs</c> on the
/// server's clock (a test's fake clock never advances, so the job waits until cancelled), and returns
/// <c>{"greeting": "hello " + name}</c>. A negative <c>steps</c> fails with InvalidArgument.
/// </summary>
public sealed class CountdownJob : IJob
{
    /// <inheritdoc />
    public string Name => "sample.countdown";

    /// <inheritdoc />
    public string Id => "orleansbridge.tests.sample-countdown/1";

    /// <inheritdoc />
    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var steps = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("steps", out var s) ? s.GetInt32() : 1;
        var waitMs = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("waitMs", out var w) ? w.GetInt32() : 0;
        var name = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("name", out var n) ? n.GetString() : "world";
        if (steps < 0)
        {
            return JobResult.Fail(ErrorCode.InvalidArgument, "steps must not be negative.");
        }

        for (var i = 1; i <= steps; i++)
        {
            await context.Progress.ReportAsync((double)i / steps, $"step {i} of {steps}");
        }

        if (waitMs != 0)
        {
            await Task.Delay(waitMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(waitMs), context.Time, context.Cancellation);
        }

        using var result = JsonDocument.Parse($"{{\"greeting\":\"{JsonEncodedText.Encode("hello " + name)}\"}}");
        return JobResult.Ok(result.RootElement.Clone());
    }
}
