using System.Text.Json;
using OrleansBridge.Jobs;

namespace OrleansBridge.Tests.Jobs;

/// <summary><c>test.block</c>: signals that it started, then waits on its cancellation token and records that it was cancelled.</summary>
internal sealed class BlockingJob : IJob
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _runs;

    /// <summary>How many times the job has started.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public string Name => "test.block";

    public string Id => "orleansbridge.tests.block/1";

    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        Interlocked.Increment(ref _runs);
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, context.Cancellation);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return JobResult.Ok(default);
    }
}
