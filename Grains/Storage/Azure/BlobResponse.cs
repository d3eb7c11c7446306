using System.Globalization;

namespace OrleansBridge.Storage.Azure;

/// <summary>The parts of a Blob service answer the product uses, or why there was none.</summary>
/// <param name="Status">The HTTP status; 0 when the service never answered.</param>
/// <param name="ErrorCode">The service's <c>x-ms-error-code</c> (e.g. <c>BlobAlreadyExists</c>).</param>
/// <param name="ETag">The blob's ETag, quoted as the service sends it.</param>
/// <param name="ContentLength">The blob's length (HEAD/GET).</param>
/// <param name="LastModified">The blob's Last-Modified.</param>
/// <param name="Failure">Why no answer came, when <paramref name="Status"/> is 0.</param>
/// <param name="Attempts">Attempts made.</param>
internal readonly record struct BlobResponse(int Status, string? ErrorCode, string? ETag, long? ContentLength, DateTimeOffset? LastModified, string? Failure, int Attempts)
{
    /// <summary>True when no answer came at all.</summary>
    public bool IsUnreachable => Status == 0;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>True for an answer that means "the service is struggling", even after retries.</summary>
    public bool IsTransient => IsUnreachable || Status is 408 or 500 or 502 or 503 or 504;

    /// <summary>The headers of <paramref name="response"/>.</summary>
    public static BlobResponse From(HttpResponseMessage response, int attempts)
    {
        var headers = response.Headers;
        var content = response.Content.Headers;
        var errorCode = headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var etag = headers.TryGetValues("ETag", out var etags) ? etags.FirstOrDefault() : null;
        return new BlobResponse((int)response.StatusCode, errorCode, etag, content.ContentLength, content.LastModified, null, attempts);
    }

    /// <summary>No answer came.</summary>
    public static BlobResponse Unreachable(string failure, int attempts) => new(0, null, null, null, null, failure, attempts);

    /// <summary>For messages: "503 ServerBusy", or the transport failure.</summary>
    public override string ToString() => IsUnreachable
        ? $"no answer after {Attempts.ToString(CultureInfo.InvariantCulture)} attempt(s): {Failure}"
        : $"{Status.ToString(CultureInfo.InvariantCulture)} {ErrorCode}".TrimEnd();
}
