using System.Text.Json;

namespace OrleansBridge.Jobs;

/// <summary>Reports a running job's progress to its client through the session's reliable outbox.</summary>
public interface IJobProgress
{
    /// <summary>
    /// Pushes <c>job.progress {jobId, progress, message?, partial?}</c>. <paramref name="progress"/> is
    /// clamped to 0..1. Awaiting it keeps events in order; it does not wait for the client.
    /// </summary>
    ValueTask ReportAsync(double progress, string? message = null, JsonElement? partial = null);
}
