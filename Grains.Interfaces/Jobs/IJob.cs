using System.Text.Json;

namespace OrleansBridge.Jobs;

/// <summary>
/// A server-side computation a client starts with <c>job.submit</c> (docs/protocol.md §6.5, docs/jobs.md).
/// A job runs outside the session's turn; it reports progress through <see cref="JobContext.Progress"/>
/// and stops when <see cref="JobContext.Cancellation"/> fires. Jobs are singletons: keep per-run state local.
/// </summary>
public interface IJob
{
    /// <summary>The name clients submit, e.g. <c>scene.stats</c>.</summary>
    string Name { get; }

    /// <summary>A stable id that survives renames, e.g. <c>orleansbridge.scene-stats/1</c>; shown in logs.</summary>
    string Id { get; }

    /// <summary>Runs once. Expected failures are returned as <see cref="JobResult.Fail"/>, not thrown.</summary>
    ValueTask<JobResult> RunAsync(JobContext context, JsonElement input);
}
