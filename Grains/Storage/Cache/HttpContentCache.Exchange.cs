using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Http;
using OrleansBridge.Protocol;

namespace OrleansBridge.Storage.Cache;

/// <summary>Sending requests and reading the server's refusals back into error codes.</summary>
public sealed partial class HttpContentCache
{
    /// <inheritdoc />
    public async Task<CachePutResult> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var request = Request(HttpMethod.Put, CacheHttp.EntryPath(hash), new StreamContent(content));
        // An entry the server has is answered 412 before the body is sent: .NET withholds the body of an
        // Expect: 100-continue request only when the early answer is not a success (RFC 9110 §13.1.2).
        request.Headers.ExpectContinue = true;
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        HttpResponseMessage response;
        try
        {
            // Sent once: a stream cannot be replayed, and the caller knows better whether to try again.
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return CachePutResult.Fail(ErrorCode.CacheUnavailable, $"{Target} did not answer the put: {ex.Message} {ex.InnerException?.Message}".TrimEnd());
        }

        using (response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.Created => CachePutResult.Stored,
                HttpStatusCode.OK or HttpStatusCode.PreconditionFailed => CachePutResult.AlreadyPresent,
                _ => CachePutResult.Fail(await RefusalAsync(response, cancellationToken)),
            };
        }
    }

    /// <summary>Sends with retries; a non-success answer comes back as the failure it carries.</summary>
    private async Task<Exchange> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var outcome = await _retry.SendAsync(() => Request(method, path, content?.Invoke()), completion, cancellationToken);
        if (outcome.Response is not { } response)
        {
            return new Exchange(null, CacheResult.Fail(ErrorCode.CacheUnavailable, $"{Target} did not answer after {outcome.Attempts} attempt(s): {outcome.Failure}"));
        }

        if (response.IsSuccessStatusCode)
        {
            return new Exchange(response, CacheResult.Success);
        }

        using (response)
        {
            return new Exchange(null, await RefusalAsync(response, cancellationToken));
        }
    }

    /// <summary>The error code the server put in its <see cref="CacheHttp.ErrorHeader"/>, with its reason.</summary>
    private async Task<CacheResult> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.Headers.TryGetValues(CacheHttp.ErrorHeader, out var values)
            || !ushort.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return CacheResult.Fail(
                status >= 500 ? ErrorCode.CacheUnavailable : ErrorCode.CacheStorageError,
                $"{Target} answered {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase} without an error code.");
        }

        var code = (ErrorCode)number;
        var reason = await ReasonAsync(response, cancellationToken) ?? ErrorCodes.Describe(code);
        return code is ErrorCode.TokenMissing or ErrorCode.TokenInvalid or ErrorCode.TokenExpired or ErrorCode.TokenSignatureInvalid
            ? CacheResult.Fail(ErrorCode.CacheStorageError, $"{Target} refused our token ({number.ToString(CultureInfo.InvariantCulture)}: {reason}); set Bridge:Cache:ServerToken.")
            : CacheResult.Fail(code, reason);
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync(CacheJson.Default.ErrorBody, cancellationToken);
            return body?.Reason;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null; // HEAD answers, or a proxy's page: the code alone says enough.
        }
    }

    /// <summary>A successful response, or the failure instead; disposing disposes the response.</summary>
    private readonly record struct Exchange(HttpResponseMessage? Message, CacheResult Failure) : IDisposable
    {
        [MemberNotNullWhen(true, nameof(Message))]
        public bool Succeeded => Message is not null;

        public void Dispose() => Message?.Dispose();
    }
}
