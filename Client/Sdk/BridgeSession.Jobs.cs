using System.Text.Json;
using System.Threading.Channels;
using OrleansBridge.Jobs;
using OrleansBridge.Protocol;

namespace OrleansBridge.Client;

/// <summary>Jobs: submit, follow progress, cancel (docs/protocol.md §6.5).</summary>
public sealed partial class BridgeSession
{
    /// <summary>
    /// Runs a job on the server and returns its result. Progress events go to <paramref name="progress"/>.
    /// Cancelling <paramref name="cancellationToken"/> sends <c>job.cancel</c> and throws
    /// <see cref="OperationCanceledException"/>, also while the submit is under way (the cancel goes out once the
    /// job's id is known); a token cancelled before the call submits nothing; a failed job (or a refused submit) throws
    /// <see cref="BridgeRequestException"/> with the job's code (4403 Cancelled when cancelled on the server's side).
    /// </summary>
    public async Task<JsonElement> RunJobAsync(string name, JsonElement input, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();

        // Subscribed before the submit: a job's first events may arrive before its id does.
        var events = Channel.CreateUnbounded<(string Name, JsonElement Data)>(new UnboundedChannelOptions { SingleReader = true });
        void OnEvent(string eventName, JsonElement data)
        {
            if (eventName.StartsWith("job.", StringComparison.Ordinal))
            {
                events.Writer.TryWrite((eventName, data.Clone()));
            }
        }

        EventReceived += OnEvent;
        try
        {
            var submitted = await SendAsync("job.submit", new JobSubmitParams(name, input.ValueKind == JsonValueKind.Undefined ? null : input),
                JobJson.Default.JobSubmitParams, CancellationToken.None); // Answered at once; with the id, a cancel can reach the job.
            if (!submitted.IsSuccess)
            {
                throw new BridgeRequestException(submitted.Error, submitted.Message ?? ErrorCodes.Describe(submitted.Error));
            }

            var jobId = submitted.Result.Deserialize(JobJson.Default.JobSubmitResult)?.JobId
                ?? throw new BridgeRequestException(ErrorCode.InternalError, "job.submit answered without a jobId.");
            while (true)
            {
                (string Name, JsonElement Data) next;
                try
                {
                    next = await events.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The loop waits nowhere else, so every cancellation passes here, a token cancelled before
                    // the submit's answer included. (A callback registered on the token could lose the race:
                    // this wait's own callback may end the method and unregister it before it runs.)
                    _ = CancelJobAsync(jobId);
                    throw;
                }

                var (eventName, data) = next;
                if (!data.TryGetProperty("jobId", out var id) || id.GetString() != jobId)
                {
                    continue;
                }

                switch (eventName)
                {
                    case JobEventNames.Progress when data.Deserialize(JobJson.Default.JobProgressEvent) is { } p:
                        progress?.Report(new JobProgress(p.Progress, p.Message, p.Partial));
                        break;
                    case JobEventNames.Completed when data.Deserialize(JobJson.Default.JobCompletedEvent) is { } done:
                        return done.Result;
                    case JobEventNames.Failed when data.Deserialize(JobJson.Default.JobFailedEvent) is { } failed:
                        throw new BridgeRequestException((ErrorCode)failed.Code, failed.Message);
                }
            }
        }
        finally
        {
            EventReceived -= OnEvent;
        }
    }

    /// <summary>Asks the server to cancel a job; best effort, since the job may finish first or the session may be gone.</summary>
    private async Task CancelJobAsync(string jobId)
    {
        try
        {
            await SendAsync("job.cancel", new JobCancelParams(jobId), JobJson.Default.JobCancelParams);
        }
        catch (Exception ex) when (ex is BridgeRequestException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The session ended: the server cancels its jobs itself.
        }
    }
}
