using System.Net;
using Microsoft.Extensions.Logging;
using OrleansBridge.Logging;

namespace OrleansBridge.Storage.Http;

/// <summary>
/// Sends storage requests with bounded retries and exponential backoff (with jitter, so that many
/// silos do not retry in step). Retried: connection failures, client-side timeouts, and the statuses
/// the Azure Storage retry guidance calls transient (408, 500, 502, 503, 504). Everything else is
/// returned at once. The request is built anew for each attempt, so signatures and dates are fresh
/// and bodies are re-sent from memory.
/// </summary>
internal sealed partial class HttpRetry
{
    private readonly HttpClient _client;
    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _target;

    public HttpRetry(HttpClient client, int maxAttempts, TimeSpan baseDelay, TimeProvider time, ILogger logger, string target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _client = client;
        _maxAttempts = maxAttempts;
        _baseDelay = baseDelay;
        _time = time;
        _logger = logger;
        _target = target;
    }

    /// <summary>Sends the request <paramref name="create"/> builds, retrying transient failures.</summary>
    public async Task<HttpOutcome> SendAsync(Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            using (var request = create())
            {
                try
                {
                    var response = await _client.SendAsync(request, completion, cancellationToken);
                    if (!IsTransient(response.StatusCode) || attempt == _maxAttempts)
                    {
                        return new HttpOutcome(response, null, attempt);
                    }

                    failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                    response.Dispose();
                }
                catch (HttpRequestException ex)
                {
                    failure = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
                }
                catch (IOException ex)
                {
                    failure = ex.Message;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"no answer within {_client.Timeout.TotalSeconds:0} s";
                }
            }

            if (attempt == _maxAttempts)
            {
                LogUnavailable(_logger, _target, attempt, failure);
                return new HttpOutcome(null, failure, attempt);
            }

            var delay = Backoff(attempt);
            LogRetry(_logger, _target, attempt, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>Statuses worth another attempt (Azure Storage retry guidance).</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>base * 2^(attempt-1), with up to 50% taken off at random.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var full = _baseDelay * Math.Pow(2, attempt - 1);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return full * (0.5 + (Random.Shared.NextDouble() / 2));
#pragma warning restore CA5394
    }

    [LoggerMessage(EventId = LogEvents.StorageRetry, Level = LogLevel.Warning, Message = "{Target}: attempt {Attempt} failed ({Failure}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string target, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = LogEvents.StorageUnavailable, Level = LogLevel.Error, Message = "{Target} did not answer after {Attempts} attempts: {Failure}")]
    private static partial void LogUnavailable(ILogger logger, string target, int attempts, string failure);
}
