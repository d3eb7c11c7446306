using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Scene;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Jobs;

/// <summary>
/// Runs the jobs of every session (docs/protocol.md §6.5): starts them outside the session's turn,
/// bounds how many one session runs at once, cancels them on <c>job.cancel</c> and when the session
/// closes, and pushes their progress and outcome through <see cref="ISessionGrain.PushEventAsync"/>.
/// </summary>
internal sealed partial class JobRunner
{
    /// <summary>Jobs one session may run at once: each may hold a thread and memory for long.</summary>
    public const int MaxJobsPerSession = 4;

    private readonly JobCatalog _catalog;
    private readonly IGrainFactory _grains;
    private readonly SceneSessions _scenes;
    private readonly ILogger<JobRunner> _logger;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, CancellationTokenSource>> _running = new(StringComparer.Ordinal);
    private long _nextId;

    public JobRunner(JobCatalog catalog, IGrainFactory grains, SceneSessions scenes, SessionLifecycle sessions, ILogger<JobRunner> logger)
    {
        _catalog = catalog;
        _grains = grains;
        _scenes = scenes;
        _logger = logger;
        sessions.OnRelease(CancelSessionAsync);
    }

    /// <summary>Starts a job and returns its id at once; <paramref name="sessionClosing"/> fires when the session closes.</summary>
    public RequestResult Submit(RequestContext request, JobSubmitParams submit, CancellationToken sessionClosing)
    {
        if (!_catalog.TryGet(submit.Job, out var job))
        {
            return RequestResult.Fail(ErrorCode.JobUnknown, $"The server has no job '{submit.Job}'. Known: {string.Join(", ", _catalog.Names)}.");
        }

        var jobs = _running.GetOrAdd(request.SessionId, static _ => new(StringComparer.Ordinal));
        var jobId = $"job-{Interlocked.Increment(ref _nextId)}";
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(sessionClosing);
        lock (jobs)
        {
            if (jobs.Count >= MaxJobsPerSession)
            {
                cancel.Dispose();
                return RequestResult.Fail(ErrorCode.JobTooMany,
                    $"This session already runs {MaxJobsPerSession} jobs; wait for one to finish or cancel one.");
            }

            jobs[jobId] = cancel;
        }

        var session = _grains.GetGrain<ISessionGrain>(request.SessionId);
        var context = new JobContext(
            jobId, request.SessionId, request.Application, request.Tenant, submit.Transaction,
            _scenes.SceneOf(request.SessionId, request.Application), new Progress(session, jobId, sessionClosing), request.Time, cancel.Token);
        var input = submit.Input?.Clone() ?? default;
        _ = Task.Run(() => RunAsync(job, context, input, session, jobs, cancel, sessionClosing), CancellationToken.None);
        return RequestResult.Ok(new JobSubmitResult(jobId), JobJson.Default.JobSubmitResult);
    }

    /// <summary>Cancels a running job of the session.</summary>
    public bool TryCancel(string sessionId, string jobId)
    {
        if (_running.TryGetValue(sessionId, out var jobs) && jobs.TryGetValue(jobId, out var cancel))
        {
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It finished while we looked.
            }

            return true;
        }

        return false;
    }

    private async Task RunAsync(IJob job, JobContext context, JsonElement input, ISessionGrain session,
        ConcurrentDictionary<string, CancellationTokenSource> jobs, CancellationTokenSource cancel, CancellationToken sessionClosing)
    {
        LogStarted(context.SessionId, context.JobId, job.Id);
        JobResult outcome;
        try
        {
            outcome = await job.RunAsync(context, input);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = JobResult.Fail(ErrorCode.Cancelled, "The job was cancelled.");
        }
        catch (Exception ex)
        {
            LogFailed(ex, context.SessionId, context.JobId, job.Id);
            outcome = JobResult.Fail(ErrorCode.InternalError, $"The job failed: {ex.Message}");
        }
        finally
        {
            lock (jobs)
            {
                jobs.TryRemove(context.JobId, out _);
            }
        }

        cancel.Dispose();
        if (sessionClosing.IsCancellationRequested)
        {
            return; // The session is gone: nobody to tell, and a call would only reactivate it.
        }

        var (name, data) = outcome.Error == ErrorCode.None
            ? (JobEventNames.Completed, JsonSerializer.SerializeToElement(new JobCompletedEvent(context.JobId, outcome.Result), JobJson.Default.JobCompletedEvent))
            : (JobEventNames.Failed, JsonSerializer.SerializeToElement(
                new JobFailedEvent(context.JobId, (ushort)outcome.Error, outcome.Message ?? ErrorCodes.Describe(outcome.Error)), JobJson.Default.JobFailedEvent));
        await session.PushEventAsync(name, data);
        LogFinished(context.SessionId, context.JobId, (int)outcome.Error);
    }

    private Task CancelSessionAsync(SessionRelease closing)
    {
        if (_running.TryRemove(closing.SessionId, out var jobs))
        {
            foreach (var cancel in jobs.Values)
            {
                try
                {
                    cancel.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Finished meanwhile.
                }
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Progress(ISessionGrain session, string jobId, CancellationToken sessionClosing) : IJobProgress
    {
        public async ValueTask ReportAsync(double progress, string? message = null, JsonElement? partial = null)
        {
            if (sessionClosing.IsCancellationRequested)
            {
                return; // Nobody to tell, and a call would only reactivate the closed session's grain.
            }

            var value = double.IsNaN(progress) ? 0 : Math.Clamp(progress, 0, 1);
            var data = JsonSerializer.SerializeToElement(new JobProgressEvent(jobId, value, message, partial), JobJson.Default.JobProgressEvent);
            await session.PushEventAsync(JobEventNames.Progress, data);
        }
    }

    [LoggerMessage(EventId = LogEvents.JobStarted, Level = LogLevel.Debug, Message = "Session {SessionId} started {JobId} ({Job})")]
    private partial void LogStarted(string sessionId, string jobId, string job);

    [LoggerMessage(EventId = LogEvents.JobFinished, Level = LogLevel.Debug, Message = "Session {SessionId}: {JobId} finished with code {Code}")]
    private partial void LogFinished(string sessionId, string jobId, int code);

    [LoggerMessage(EventId = LogEvents.JobFailed, Level = LogLevel.Error, Message = "Session {SessionId}: {JobId} ({Job}) threw")]
    private partial void LogFailed(Exception exception, string sessionId, string jobId, string job);
}
