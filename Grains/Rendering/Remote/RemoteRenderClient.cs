using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansBridge.Rendering.Remote;

/// <summary>
/// Sends stills to render silos (<see cref="RenderingOptions.RemoteSilos"/>) in rendezvous order of the
/// scene key: the first answer wins; a connection failure, a 5xx or <see cref="RenderingOptions.RemoteTimeout"/>
/// moves on to the next silo, so a dead render silo costs a retry. A 200 carries the render's own
/// outcome (its error codes are final); any other status is a refusal (4921). Cancelling aborts the
/// HTTP request, which cancels the render on the render silo.
/// </summary>
public sealed partial class RemoteRenderClient : IDisposable
{
    /// <summary>The render silos' endpoint.</summary>
    public const string Path = "/internal/render/still";

    private readonly HttpClient _http;
    private readonly RenderingOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client for the configured silos.</summary>
    public RemoteRenderClient(IOptions<RenderingOptions> options, ILogger<RemoteRenderClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;

        // Each attempt has its own timeout (a linked token), so the client's own is off.
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Whether any render silo is configured.</summary>
    public bool Enabled => _options.RemoteSilos.Count > 0;

    /// <summary>
    /// Renders on the render silos in rendezvous order of <paramref name="sceneKey"/>; null when none
    /// answered and <see cref="RenderingOptions.RemoteFallbackLocal"/> says to render here instead.
    /// </summary>
    public async Task<RenderStillOutcome?> RenderStillAsync(string sceneKey, RemoteStillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var silo in Rendezvous.Order(sceneKey, [.. _options.RemoteSilos]))
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_options.RemoteTimeout);
            try
            {
                LogSent(silo, request.Input.Manifest, sceneKey);
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(silo), Path))
                {
                    Content = JsonContent.Create(request, RenderJobJson.Default.RemoteStillRequest),
                };
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.RemoteSecret ?? string.Empty);
                using var response = await _http.SendAsync(message, attempt.Token);
                if ((int)response.StatusCode >= 500)
                {
                    LogRetrying(silo, $"HTTP {(int)response.StatusCode}");
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return RenderStillOutcome.Fail(ErrorCode.RenderRemoteRefused, $"The render silo {silo} refused the request with HTTP {(int)response.StatusCode}.");
                }

                var answer = await response.Content.ReadFromJsonAsync(RenderJobJson.Default.RemoteStillResponse, attempt.Token);
                return answer?.Result is { } result
                    ? RenderStillOutcome.Ok(result)
                    : RenderStillOutcome.Fail((ErrorCode)(answer?.Error ?? (int)ErrorCode.RenderRemoteRefused), answer?.Message ?? "The render silo answered without a result.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return RenderStillOutcome.Fail(ErrorCode.Cancelled, "The render was cancelled.");
            }
            catch (OperationCanceledException)
            {
                LogRetrying(silo, $"no answer within {_options.RemoteTimeout}");
            }
            catch (HttpRequestException ex)
            {
                LogRetrying(silo, ex.Message);
            }
            catch (System.Text.Json.JsonException ex)
            {
                LogRetrying(silo, $"unreadable answer: {ex.Message}");
            }
        }

        if (_options.RemoteFallbackLocal)
        {
            LogFallbackLocal(_options.RemoteSilos.Count);
            return null;
        }

        return RenderStillOutcome.Fail(ErrorCode.RenderRemoteUnavailable, $"None of the {_options.RemoteSilos.Count} render silos answered.");
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    [LoggerMessage(EventId = Logging.LogEvents.RemoteRenderSent, Level = LogLevel.Information, Message = "Render of {Manifest} (scene {SceneKey}) sent to render silo {Silo}")]
    private partial void LogSent(string silo, string? manifest, string sceneKey);

    [LoggerMessage(EventId = Logging.LogEvents.RemoteRenderRetrying, Level = LogLevel.Warning, Message = "Render silo {Silo} failed ({Problem}); trying the next one")]
    private partial void LogRetrying(string silo, string problem);

    [LoggerMessage(EventId = Logging.LogEvents.RemoteRenderFallbackLocal, Level = LogLevel.Warning, Message = "None of the {Count} render silos answered; rendering locally")]
    private partial void LogFallbackLocal(int count);
}
