using System.Text.Json;

namespace OrleansBridge.Jobs;

/// <summary>Event names of jobs (docs/protocol.md §6.5).</summary>
public static class JobEventNames
{
    /// <summary>Body: <see cref="JobProgressEvent"/>.</summary>
    public const string Progress = "job.progress";
    /// <summary>Body: <see cref="JobCompletedEvent"/>.</summary>
    public const string Completed = "job.completed";
    /// <summary>Body: <see cref="JobFailedEvent"/>.</summary>
    public const string Failed = "job.failed";
}

/// <summary>Parameters of <c>job.submit</c>.</summary>
public sealed record JobSubmitParams(string Job, JsonElement? Input = null, string? Transaction = null);

/// <summary>Result of <c>job.submit</c>.</summary>
public sealed record JobSubmitResult(string JobId);

/// <summary>Parameters of <c>job.cancel</c>.</summary>
public sealed record JobCancelParams(string JobId);

/// <summary>A running job's progress and optional partial result.</summary>
public sealed record JobProgressEvent(string JobId, double Progress, string? Message = null, JsonElement? Partial = null);

/// <summary>A job finished with a result.</summary>
public sealed record JobCompletedEvent(string JobId, JsonElement Result);

/// <summary>A job failed, or was cancelled (code 4403 Cancelled).</summary>
public sealed record JobFailedEvent(string JobId, ushort Code, string Message);
