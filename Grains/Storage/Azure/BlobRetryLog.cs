using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// A per-retry pipeline policy that keeps our retry log line (event <see cref="LogEvents.StorageRetry"/>)
/// now that the SDK's retry policy does the retrying: each attempt notes how it failed, and the next
/// attempt, if the SDK makes one, logs that note.
/// </summary>
internal sealed partial class BlobRetryLog(ILogger logger, string target) : HttpPipelinePolicy
{
    private const string FailureProperty = "OrleansBridge.LastFailure";

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.TryGetProperty(FailureProperty, out var failure) && failure is string previous)
        {
            LogRetry(logger, target, message.ProcessingContext.RetryNumber, previous);
        }

        try
        {
            if (async)
            {
                await ProcessNextAsync(message, pipeline);
            }
            else
            {
                ProcessNext(message, pipeline);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or IOException or OperationCanceledException && !message.CancellationToken.IsCancellationRequested)
        {
            message.SetProperty(FailureProperty, ex.Message);
            throw;
        }

        if (message.HasResponse && message.Response.Status is 408 or 429 or >= 500)
        {
            message.SetProperty(FailureProperty, $"{message.Response.Status} {message.Response.ReasonPhrase}");
        }
    }

    [LoggerMessage(EventId = LogEvents.StorageRetry, Level = LogLevel.Warning, Message = "{Target}: attempt {Attempt} failed ({Failure}); retrying")]
    private static partial void LogRetry(ILogger logger, string target, int attempt, string failure);
}
